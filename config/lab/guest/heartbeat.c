/*
 * kvm4nfv-heartbeat: the guest side of the live-migration heartbeat, built static into the
 * embedded lab's guest image by build-guest.sh.
 *
 *   kvm4nfv-heartbeat DEVICE [INTERVAL_US]
 *
 * Writes "hb SEQ\n" to DEVICE (the second serial port, read on the host through QEMU's chardev
 * socket) every INTERVAL_US microseconds (default 500), paced on CLOCK_MONOTONIC absolute
 * deadlines. The host times the arrivals: the largest gap is the guest-visible silence around a
 * migration, at the resolution of the interval. A busybox shell loop cannot go below a few
 * milliseconds a beat under TCG; this can. After a stall (the migration itself) the next
 * deadline restarts from now: no burst of catch-up beats hides the gap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: kvm4nfv-heartbeat DEVICE [INTERVAL_US]\n");
        return 2;
    }
    long interval_us = argc == 3 ? strtol(argv[2], NULL, 10) : 500;
    if (interval_us < 50 || interval_us > 1000000) {
        fprintf(stderr, "kvm4nfv-heartbeat: INTERVAL_US must be 50..1000000\n");
        return 2;
    }
    int fd = open(argv[1], O_WRONLY | O_NOCTTY);
    if (fd < 0) {
        fprintf(stderr, "kvm4nfv-heartbeat: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
    }
    long long interval_ns = interval_us * 1000LL;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    char line[32];
    for (unsigned long seq = 1;; seq++) {
        int n = snprintf(line, sizeof line, "hb %lu\n", seq);
        if (write(fd, line, (size_t) n) < 0 && errno != EINTR && errno != EAGAIN) {
            return 0; /* the port went away: stop quietly */
        }
        long long deadline = next.tv_sec * 1000000000LL + next.tv_nsec + interval_ns;
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long long now_ns = now.tv_sec * 1000000000LL + now.tv_nsec;
        if (deadline < now_ns) {
            deadline = now_ns + interval_ns; /* late (stalled): restart the pacing, no catch-up burst */
        }
        next.tv_sec = deadline / 1000000000LL;
        next.tv_nsec = deadline % 1000000000LL;
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {
        }
    }
}

package io.kvm4nfv.lab;

/**
 * Where a lab part registers what it is about to create, so that nothing it creates outlives
 * the JVM — also after {@code kill -9}. The rule: register <em>before</em> creating, remove
 * it yourself when done and then {@link Reaper.Registration#close() close} the registration.
 *
 * <p>The registry must live on the machine where the resources exist: on the embedded lab
 * that is this machine (its host node is SSH to loopback), and the lab's {@link Reaper} is the
 * registry ({@link EmbeddedLab#reaper()}). For a remote host (a real pod) there is no reaper
 * on that host yet: use {@link #none()}, which registers nothing — what a crashed run leaves
 * there is removed by the next run's sweep of dead runs only (e.g.
 * {@code NetnsForwardingLab.sweepStale}, whose owner there is {@link ForwardingHost#ownerPid()}). A remote registry would write the same registry
 * lines ({@link LabResource#line()}) into a folder on that host through its node and run
 * {@code reaper.sh watch} there.
 */
@FunctionalInterface
public interface LabResources {

    /**
     * Registers {@code resource}, which must not exist yet.
     *
     * @param resource what is about to be created
     * @return the registration; close it once the resource was removed by its owner
     * @throws IllegalStateException when it already exists (it is then not this lab's to remove)
     */
    Reaper.Registration register(LabResource resource);

    /**
     * Registers a shell script that undoes a change the lab made to its machine (e.g. switches
     * ftrace off and restores it), run by the reaper if the lab dies before running it itself.
     * Forget the registration once the change is undone. Default: registers nothing (a machine
     * this JVM has no reaper on).
     *
     * @param owner  the lab part that made the change, {@code [A-Za-z0-9._:-]}
     * @param script a POSIX shell script that undoes the change
     * @return the registration; close it once the change is undone
     */
    default Reaper.Registration registerUndo(String owner, String script) {
        return Reaper.Registration.unregistered("undo " + owner);
    }

    /**
     * Registers nothing: for a machine this JVM has no reaper on (see the class comment).
     *
     * @return a registry whose registrations are {@code unregistered} and whose undo scripts are dropped
     */
    static LabResources none() {
        return resource -> Reaper.Registration.unregistered(resource.line());
    }
}

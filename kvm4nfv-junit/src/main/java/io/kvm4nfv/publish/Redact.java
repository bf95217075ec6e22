package io.kvm4nfv.publish;

import java.net.URI;

/** URIs as they may appear in messages: without user info, query or fragment. */
final class Redact {

    private Redact() {
    }

    static String uri(URI uri) {
        if (uri == null) {
            return "(none)";
        }
        String port = uri.getPort() >= 0 ? ":" + uri.getPort() : "";
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + port + path;
    }

    /** The first 200 characters of a response body on one line. */
    static String body(String body) {
        if (body == null) {
            return "";
        }
        String one = body.replaceAll("\\s+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}

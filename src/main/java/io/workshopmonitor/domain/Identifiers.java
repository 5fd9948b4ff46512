package io.workshopmonitor.domain;

import java.util.regex.Pattern;

/** The identifier forms of the interface contract; anything else is refused at the edge. */
public final class Identifiers {
    private static final Pattern PRISON = Pattern.compile("[A-Z]{3}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private Identifiers() {
    }

    public static boolean isPrison(String value) {
        return value != null && PRISON.matcher(value).matches();
    }

    /** Workshop, station, contract and device identifiers share the slug form. */
    public static boolean isSlug(String value) {
        return value != null && SLUG.matcher(value).matches();
    }
}

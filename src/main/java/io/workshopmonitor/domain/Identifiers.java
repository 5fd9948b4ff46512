package io.workshopmonitor.domain;

import java.util.regex.Pattern;

/** The identifier forms of the interface contract; anything else is refused at the edge. */
public final class Identifiers {
    private static final Pattern PRISON = Pattern.compile("[A-Z]{3}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern PRODUCT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Identifiers() {
    }

    public static boolean isPrison(String value) {
        return value != null && PRISON.matcher(value).matches();
    }

    /** Workshop, station, contract and device identifiers share the slug form. */
    public static boolean isSlug(String value) {
        return value != null && SLUG.matcher(value).matches();
    }

    /** A product code as devices send it and contracts name it: a code, never free text. */
    public static boolean isProductCode(String value) {
        return value != null && PRODUCT.matcher(value).matches();
    }
}

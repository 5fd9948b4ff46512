package io.workshopmonitor.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Short free text written on the workshop floor (an acknowledgement comment, a note on a stop). Codes carry
 * the meaning; a note only adds to them, so it is short and must not name a person. Text that looks like a
 * person's identifier is refused with the reason, so the instructor can say it another way.
 */
public final class FreeText {

    public static final int MAX_LENGTH = 200;

    /** A prison number: a letter, four digits, two letters (A1234BC). */
    private static final Pattern PRISON_NUMBER = Pattern.compile("\\b[A-Z]\\d{4}[A-Z]{2}\\b", Pattern.CASE_INSENSITIVE);
    /** A Police National Computer id: year, serial, check letter (12/345678A or 2012/345678A). */
    private static final Pattern PNC_ID = Pattern.compile("\\b(\\d{2}|\\d{4})/\\d{1,7}[A-Z]\\b", Pattern.CASE_INSENSITIVE);
    /** A title and a capitalised word: how a person is named in a note (Mr Smith, Dr. Jones). */
    private static final Pattern TITLED_NAME = Pattern.compile("\\b(Mr|Mrs|Ms|Miss|Mx|Dr)\\.?\\s+[A-Z][a-z'-]+");
    /** A date of birth, the usual way to tell two people of one name apart. */
    private static final Pattern DATE_OF_BIRTH = Pattern.compile("\\b(dob|d\\.o\\.b\\.?|born)\\b", Pattern.CASE_INSENSITIVE);

    private FreeText() {
    }

    /** Why the text cannot be kept, if it cannot; {@code field} names it in the message. */
    public static Optional<String> problem(String field, String text) {
        if (text.length() > MAX_LENGTH) {
            return Optional.of("'" + field + "' is at most " + MAX_LENGTH + " characters; the reason code says the rest");
        }
        if (PRISON_NUMBER.matcher(text).find()) {
            return Optional.of("'" + field + "' looks like it holds a prison number; notes must not identify a person");
        }
        if (PNC_ID.matcher(text).find()) {
            return Optional.of("'" + field + "' looks like it holds a PNC number; notes must not identify a person");
        }
        if (TITLED_NAME.matcher(text).find()) {
            return Optional.of("'" + field + "' looks like it names a person (a title and a name); "
                    + "notes must not identify a person");
        }
        if (DATE_OF_BIRTH.matcher(text).find()) {
            return Optional.of("'" + field + "' mentions a date of birth; notes must not identify a person");
        }
        return Optional.empty();
    }
}

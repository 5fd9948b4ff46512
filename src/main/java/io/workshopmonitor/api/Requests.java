package io.workshopmonitor.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.FreeText;
import io.workshopmonitor.domain.Identifiers;
import io.workshopmonitor.domain.WorkshopKey;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** What every route reads from a request and how it answers, with errors that name the bad part. */
final class Requests {

    private Requests() {
    }

    static WorkshopKey workshopKey(RoutingContext ctx) {
        String prison = ctx.pathParam("prison");
        String workshop = ctx.pathParam("workshop");
        if (!Identifiers.isPrison(prison)) {
            throw Problem.badRequest("prison '" + prison + "' must be an establishment code of three capital letters, such as MDI");
        }
        if (!Identifiers.isSlug(workshop)) {
            throw Problem.badRequest("workshop '" + workshop + "' must be a slug [a-z0-9][a-z0-9-]{0,31}, such as textiles-1");
        }
        return new WorkshopKey(prison, workshop);
    }

    /** A workshop key from the path, when the caller works in its prison; otherwise it is not there (404). */
    static WorkshopKey visibleWorkshopKey(RoutingContext ctx) {
        WorkshopKey key = workshopKey(ctx);
        Access.visible(Access.caller(ctx), key.prison(), "workshop " + key + " is not configured");
        return key;
    }

    /** The {@code :prison} path parameter, when the caller works there; otherwise it is not there (404). */
    static String visiblePrison(RoutingContext ctx) {
        String prison = ctx.pathParam("prison");
        if (!Identifiers.isPrison(prison)) {
            throw Problem.badRequest("prison '" + prison + "' must be an establishment code of three capital letters, such as MDI");
        }
        Access.visible(Access.caller(ctx), prison, "prison " + prison + " has no workshops");
        return prison;
    }

    /**
     * An amount of money: a decimal string ("4.20") keeps exactly what was typed; a JSON number is taken by its
     * shortest decimal form, which is what was typed for any amount of up to 15 digits.
     */
    static java.math.BigDecimal money(Object value, String field) {
        java.math.BigDecimal amount;
        try {
            if (value instanceof String s && !s.isBlank()) {
                amount = new java.math.BigDecimal(s.trim());
            } else if (value instanceof Integer || value instanceof Long) {
                amount = java.math.BigDecimal.valueOf(((Number) value).longValue());
            } else if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                amount = new java.math.BigDecimal(n.toString());
            } else {
                throw Problem.badRequest("'" + field + "' must be a decimal amount such as \"4.20\"");
            }
            return io.workshopmonitor.domain.Money.checked(amount, field);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("'" + field + "' must be a decimal amount such as \"4.20\", not '" + value + "'");
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest(e.getMessage());
        }
    }

    /** The {@code :station} path parameter, a slug. */
    static String station(RoutingContext ctx) {
        String station = ctx.pathParam("station");
        if (!Identifiers.isSlug(station)) {
            throw Problem.badRequest("station '" + station + "' must be a slug [a-z0-9][a-z0-9-]{0,31}, such as sew-04");
        }
        return station;
    }

    /** The most a range of stored readings asked for at once may span. */
    static final java.time.Duration MAX_RANGE = java.time.Duration.ofDays(93);

    /**
     * {@code ?from&to}: {@code to} defaults to now and {@code from} to {@code span} before it; at most
     * {@link #MAX_RANGE}, and {@code to} after {@code from}.
     */
    static io.workshopmonitor.domain.Interval range(RoutingContext ctx, Instant now, java.time.Duration span) {
        Instant to = ctx.queryParams().get("to") == null ? now : instant(ctx.queryParams().get("to"), "to");
        Instant from = ctx.queryParams().get("from") == null ? to.minus(span) : instant(ctx.queryParams().get("from"), "from");
        return range(from, to);
    }

    /** {@code from} to {@code to}, when {@code to} is after it and at most {@link #MAX_RANGE} away. */
    static io.workshopmonitor.domain.Interval range(Instant from, Instant to) {
        if (!to.isAfter(from) || java.time.Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw Problem.badRequest("'to' must be after 'from', and the range at most " + MAX_RANGE.toDays() + " days");
        }
        return new io.workshopmonitor.domain.Interval(from, to);
    }

    static JsonObject bodyObject(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() <= 0) {
            throw Problem.badRequest("the body is empty: send a JSON object");
        }
        Object value;
        try {
            value = Json.decodeValue(ctx.body().buffer());
        } catch (DecodeException e) {
            throw Problem.badRequest("the body is not valid JSON: send a JSON object");
        }
        if (!(value instanceof JsonObject object)) {
            throw Problem.badRequest("the body must be a JSON object");
        }
        return object;
    }

    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParams().get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw Problem.badRequest("query parameter '" + name + "' must be a whole number from " + min + " to " + max);
    }

    /** The years a date or instant may fall in: wider than any workshop's history, narrower than PostgreSQL's. */
    static final int FIRST_YEAR = 1970;
    static final int LAST_YEAR = 2199;

    /** An ISO-8601 instant with an offset, from a query parameter or a body field. */
    static Instant instant(Object value, String field) {
        if (value instanceof String text) {
            try {
                OffsetDateTime parsed = OffsetDateTime.parse(text);
                if (parsed.getYear() < FIRST_YEAR || parsed.getYear() > LAST_YEAR) {
                    throw Problem.badRequest("'" + field + "' must be an instant from " + FIRST_YEAR + " to " + LAST_YEAR);
                }
                return parsed.toInstant();
            } catch (DateTimeException e) {
                // reported below
            }
        }
        throw Problem.badRequest("'" + field + "' must be an ISO-8601 instant with an offset, such as 2026-11-23T08:30:00Z");
    }

    /** A date YYYY-MM-DD from a body field, in the years an instant may take. */
    static java.time.LocalDate date(Object value, String field, String meaning) {
        if (value instanceof String text) {
            try {
                java.time.LocalDate parsed = java.time.LocalDate.parse(text);
                if (parsed.getYear() < FIRST_YEAR || parsed.getYear() > LAST_YEAR) {
                    throw Problem.badRequest("'" + field + "' must be a date from " + FIRST_YEAR + " to " + LAST_YEAR);
                }
                return parsed;
            } catch (DateTimeException e) {
                // reported below
            }
        }
        throw Problem.badRequest("'" + field + "' must be a date YYYY-MM-DD" + meaning);
    }

    /**
     * Text a person typed: 1 to {@code max} characters, none of them a control character (a NUL would be refused
     * by PostgreSQL, a line break would break a report's line), trimmed.
     */
    static String text(Object value, String field, int max) {
        if (!(value instanceof String s) || s.isBlank() || s.length() > max) {
            throw Problem.badRequest("'" + field + "' is required: text of 1 to " + max + " characters");
        }
        if (s.codePoints().anyMatch(Character::isISOControl)) {
            throw Problem.badRequest("'" + field + "' must not hold control characters (such as NUL, tab or line breaks)");
        }
        return s.strip();
    }

    /**
     * An optional short note written on the workshop floor: absent, null or blank is none; otherwise text as
     * {@link #text} takes it, and refused when it looks like it identifies a person ({@link FreeText}).
     */
    static java.util.Optional<String> note(Object value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            return java.util.Optional.empty();
        }
        String text = text(value, field, FreeText.MAX_LENGTH);
        FreeText.problem(field, text).ifPresent(problem -> {
            throw Problem.badRequest(problem);
        });
        return java.util.Optional.of(text);
    }

    static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(Json.encode(body));
    }
}

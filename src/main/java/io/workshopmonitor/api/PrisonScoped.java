package io.workshopmonitor.api;

import io.vertx.ext.web.RoutingContext;
import io.workshopmonitor.domain.Identifiers;

import java.util.List;
import java.util.function.Function;

/**
 * Contract and webhook ids belong to a prison, so {@code /contracts/c-1} may name one contract in each of the
 * caller's prisons. {@code ?prison=MDI} says which; without it the only one is meant, and a caller who sees
 * several (an administrator, a regional manager) is asked to say.
 */
final class PrisonScoped {

    private PrisonScoped() {
    }

    /** The {@code ?prison=} narrowing, when given. */
    static String prisonParam(RoutingContext ctx) {
        String prison = ctx.queryParams().get("prison");
        if (prison != null && !Identifiers.isPrison(prison)) {
            throw Problem.badRequest("'prison' must be three capital letters, such as MDI");
        }
        return prison;
    }

    /**
     * The one of {@code found} (what the caller's prisons hold under {@code id}) the request means: 404 when none,
     * 409 naming the prisons when several and {@code ?prison=} does not choose.
     */
    static <T> T pick(RoutingContext ctx, String kind, String id, List<T> found, Function<T, String> prisonOf) {
        String prison = prisonParam(ctx);
        List<T> meant = prison == null ? found : found.stream().filter(t -> prisonOf.apply(t).equals(prison)).toList();
        if (meant.isEmpty()) {
            throw Problem.notFound("no " + kind + " " + id + (prison == null ? "" : " in " + prison));
        }
        if (meant.size() > 1) {
            throw new Problem(409, "Conflict", kind + " " + id + " exists in " + String.join(" and ",
                    meant.stream().map(prisonOf).toList()) + ": add ?prison=" + prisonOf.apply(meant.get(0)) + " to say which");
        }
        return meant.get(0);
    }
}

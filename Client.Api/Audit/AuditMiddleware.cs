using System.Security.Claims;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Correlation;
using Orchestrator.Grains.Interfaces.Audit;

namespace Orchestrator.Client.Api.Audit;

/// <summary>
/// Records every POST, PUT, PATCH and DELETE in the audit log: the actor (from <see cref="OrchestratorClaims"/>, or
/// what the endpoint set with <see cref="AuditContext"/>), the tenant, the method and route pattern, the route's
/// <c>id</c> as the target, the status sent, and the correlation id. Never bodies, headers or query strings.
/// <para>
/// The entry is built when the response has completed, so its status is the one the caller got, whether an
/// exception handler inside or outside this middleware turned an exception into a 409 or a 503 (the route is read
/// before a handler clears it). An exception nothing handled is recorded as 500, when the server completes the
/// response (Kestrel does; TestServer rethrows it to the client and records nothing). Reads (GET, HEAD, OPTIONS) are
/// not recorded.
/// </para>
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditWriter writer, TimeProvider time)
{
    /// <summary>Longest action or target kept; a path or id beyond it is cut (they come from the URL, which the caller chooses).</summary>
    public const int MaxTextLength = 256;

    /// <summary>Marks a request already being recorded, so a re-executed pipeline (an error page) records it once.</summary>
    private static readonly object RecordingKey = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (!(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
            || !context.Items.TryAdd(RecordingKey, true))
        {
            await next(context);
            return;
        }

        // The route is read now and kept: an exception handler clears the endpoint and route values before it writes
        // its response. Routing runs first in a WebApplication, so the endpoint is usually known already.
        var request = new Request(time.GetUtcNow()) { Route = MatchedRoute(context) };
        context.Response.OnCompleted(() =>
        {
            writer.Record(Build(context, request));
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        catch
        {
            request.Threw = true;
            throw;
        }
        finally
        {
            request.Route ??= MatchedRoute(context); // routing ran after this middleware
        }
    }

    private static AuditEntry Build(HttpContext context, Request request)
    {
        var overrides = AuditContext.Get(context);
        var (tenant, kind, actorId, actorName) = overrides?.Actor is { } actor
            ? (actor.TenantId, actor.Kind, actor.Id, actor.Name)
            : FromClaims(context.User);
        if (overrides is { TenantSet: true }) tenant = overrides.TenantId;

        // An exception that reached us and left a success status behind was not turned into a response by anyone.
        var status = request.Threw && context.Response.StatusCode < 400 ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        var path = (context.Request.PathBase + context.Request.Path).Value;
        var (route, target) = request.Route ?? (string.IsNullOrEmpty(path) ? "/" : path, null);
        return new AuditEntry
        {
            Id = Guid.CreateVersion7(request.At),
            At = request.At,
            TenantId = tenant,
            ActorKind = kind,
            ActorId = actorId,
            ActorName = actorName,
            Action = Cut($"{context.Request.Method} {route}"),
            Target = target is null ? null : Cut(target),
            Status = status,
            Outcome = AuditOutcome.FromStatus(status),
            CorrelationId = CorrelationId.Get(context),
        };
    }

    private static (string? Tenant, string Kind, string? Id, string? Name) FromClaims(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? (user.FindFirst(OrchestratorClaims.Tenant)?.Value,
               user.FindFirst(OrchestratorClaims.Kind)?.Value ?? "unknown",
               user.FindFirst(OrchestratorClaims.Subject)?.Value,
               user.FindFirst(OrchestratorClaims.Name)?.Value)
            : (null, AuditEntry.AnonymousActor, null, null);

    /// <summary>The matched endpoint's route pattern (<c>/v1/jobs/{id}/cancel</c>) and route <c>id</c>; null before routing or when nothing matched.</summary>
    private static (string Pattern, string? Target)? MatchedRoute(HttpContext context)
    {
        if (context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { Length: > 0 } raw }) return null;
        // A group's "/" endpoint reads "/v1/jobs/": the same action as "/v1/jobs".
        var pattern = raw.StartsWith('/') ? raw : "/" + raw;
        return (pattern.Length > 1 ? pattern.TrimEnd('/') : pattern, context.GetRouteValue("id")?.ToString());
    }

    /// <summary>What is known of the request before its response completes.</summary>
    private sealed class Request(DateTimeOffset at)
    {
        public DateTimeOffset At { get; } = at;
        public (string Pattern, string? Target)? Route { get; set; }
        public bool Threw { get; set; }
    }

    private static string Cut(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength];
}

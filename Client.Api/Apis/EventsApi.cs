using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Events;
using Orchestrator.Grains.Interfaces.Events;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>GET /v1/events</c>: the caller's tenant's live events as Server-Sent Events — <c>event: job</c> on every status
/// change of a job (submitted, started, retrying, succeeded, dead-lettered...), <c>event: workflow</c> when a workflow
/// starts, re-runs or ends. Filters: <c>kind</c>, <c>queue</c>, <c>type</c>, <c>job</c>, <c>workflow</c>. Live only: no
/// replay, no <c>Last-Event-ID</c>; a client that reconnects re-reads what it shows (the web UI reloads its list). A
/// comment line is sent every <see cref="KeepAlive"/> so proxies keep the connection open.
/// </summary>
public static class EventsApi
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    /// <summary>How often the connection re-subscribes to the hub (well within <c>TenantEventsGrain.ListenerExpiry</c>).</summary>
    public static readonly TimeSpan Resubscribe = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", Stream).WithTags("Events").WithName("StreamEvents").RequireAuthorization(Policies.JobsRead)
            .WithSummary("Live job and workflow events of the caller's tenant (text/event-stream)");
        return app;
    }

    public static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Stream(HttpContext http, IClusterClient cluster, IOptions<JsonOptions> json, EventStreams streams)
    {
        var query = http.Request.Query;
        var errors = new Dictionary<string, string[]>();
        var kind = query["kind"].ToString() is { Length: > 0 } k ? k : null;
        if (kind is not (null or JobEventKinds.Job or JobEventKinds.Workflow)) errors["kind"] = ["Must be 'job' or 'workflow'."];
        var jobId = ReadGuid("job", query["job"].ToString(), errors);
        var workflowId = ReadGuid("workflow", query["workflow"].ToString(), errors);
        if (errors.Count > 0) return P.Validation(errors);
        var filter = new EventFilter(kind, Empty(query["queue"].ToString()), Empty(query["type"].ToString()), jobId, workflowId);

        var tenantId = http.User.TenantId();
        if (!streams.TryOpen(tenantId))
        {
            http.Response.Headers.RetryAfter = "10";
            return TypedResults.Problem(statusCode: 429, title: "Too many event streams",
                detail: "This tenant has its maximum of open /v1/events streams on this gateway; close one or retry later.", type: Problems.ProblemTypes.RateLimited);
        }
        try
        {
            return await StreamAsync(http, cluster, json, filter, tenantId);
        }
        finally
        {
            streams.Close(tenantId);
        }
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> StreamAsync(HttpContext http, IClusterClient cluster, IOptions<JsonOptions> json,
        EventFilter filter, string tenantId)
    {
        var listener = new EventsListener(filter);
        var reference = cluster.CreateObjectReference<IJobEventsObserver>(listener);
        var hub = cluster.GetGrain<ITenantEventsGrain>(tenantId);
        var stopping = http.RequestAborted;
        try
        {
            await hub.Subscribe(reference);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await WriteAsync(http, "retry: 2000\n: connected\n\n");
            var subscribedAt = DateTime.UtcNow;
            while (!stopping.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                wait.CancelAfter(KeepAlive);
                var more = false;
                try
                {
                    more = await listener.Events.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    await WriteAsync(http, ": keep-alive\n\n");
                }
                if (more)
                {
                    var text = new StringBuilder();
                    while (listener.Events.TryRead(out var e))
                    {
                        text.Append("event: ").Append(e.Kind).Append("\ndata: ")
                            .Append(JsonSerializer.Serialize(JobEventResponse.From(e), json.Value.SerializerOptions)).Append("\n\n");
                    }
                    await WriteAsync(http, text.ToString());
                }
                if (DateTime.UtcNow - subscribedAt > Resubscribe)
                {
                    await hub.Subscribe(reference);
                    subscribedAt = DateTime.UtcNow;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            try
            {
                await hub.Unsubscribe(reference);
            }
            catch (Exception)
            {
                // Best effort: the hub drops a listener it has not heard from within its expiry anyway.
            }
            cluster.DeleteObjectReference<IJobEventsObserver>(reference);
        }
        return TypedResults.Empty;
    }

    private static async Task WriteAsync(HttpContext http, string text)
    {
        await http.Response.WriteAsync(text, http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static Guid? ReadGuid(string field, string value, Dictionary<string, string[]> errors)
    {
        if (value.Length == 0) return null;
        if (Guid.TryParse(value, out var id)) return id;
        errors[field] = ["Must be a job or workflow id (a UUID)."];
        return null;
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Client.Api.Queues;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Queues;
using Orchestrator.Grains.Interfaces.Workers;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/queues</c>: the tenant's queues as a resource — depth by status, oldest waiting age, running jobs and
/// workers; live settings (concurrency limit and start rate across all silos, default attempts, backoff and timeout);
/// pause and resume (a paused queue accepts jobs and starts none; running ones finish). Changes reach every silo
/// within <c>JobExecutor.QueueRecheck</c> (1 s).
/// </summary>
public static class QueuesApi
{
    private static readonly string[] PatchFields = ["concurrencyLimit", "rateLimit", "maxAttempts", "backoff", "timeout", "external"];

    public static IEndpointRouteBuilder MapQueuesApi(this IEndpointRouteBuilder app)
    {
        var queues = app.MapGroup("/v1/queues").WithTags("Queues");
        queues.MapGet("/", List).WithName("ListQueues").RequireAuthorization(Policies.JobsRead)
            .WithSummary("The tenant's queues: jobs per status, oldest waiting age, running, workers, settings");
        queues.MapGet("/{name}", Get).WithName("GetQueue").RequireAuthorization(Policies.JobsRead).WithSummary("One queue");
        queues.MapPatch("/{name}", Patch).WithName("UpdateQueue").RequireAuthorization(Policies.JobsWrite)
            .WithSummary("Set (or clear with null) concurrencyLimit, rateLimit (starts per second), maxAttempts, backoff, timeout; external (true: workers run every job)");
        queues.MapPost("/{name}/pause", Pause).WithName("PauseQueue").RequireAuthorization(Policies.JobsWrite).WithSummary("Start no more jobs of the queue");
        queues.MapPost("/{name}/resume", Resume).WithName("ResumeQueue").RequireAuthorization(Policies.JobsWrite).WithSummary("Start the queue's jobs again");
        return app;
    }

    public static async Task<Ok<ItemsResponse<QueueResponse>>> List(HttpContext http, IClusterClient cluster, TimeProvider time)
    {
        var tenantId = http.User.TenantId();
        var stats = (await cluster.GetGrain<IJobQueryGrain>(0).TenantQueues(tenantId)).ToDictionary(s => s.Queue, StringComparer.Ordinal);
        var configured = await cluster.GetGrain<ITenantQueuesGrain>(tenantId).List();
        var workers = await cluster.GetGrain<IWorkerRegistryGrain>(tenantId).List();
        var names = stats.Keys.Union(configured, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var items = await Task.WhenAll(names.Select(n => DescribeAsync(cluster, tenantId, n, stats.GetValueOrDefault(n), workers, time)));
        return TypedResults.Ok(new ItemsResponse<QueueResponse>(items));
    }

    public static async Task<Results<Ok<QueueResponse>, ValidationProblem>> Get(string name, HttpContext http, IClusterClient cluster, TimeProvider time)
    {
        if (!JobLimits.NamePattern().IsMatch(name)) return InvalidName();
        var tenantId = http.User.TenantId();
        var stats = (await cluster.GetGrain<IJobQueryGrain>(0).TenantQueues(tenantId)).FirstOrDefault(s => s.Queue == name);
        var workers = await cluster.GetGrain<IWorkerRegistryGrain>(tenantId).List();
        return TypedResults.Ok(await DescribeAsync(cluster, tenantId, name, stats, workers, time));
    }

    public static async Task<IResult> Patch(string name, HttpContext http, IClusterClient cluster, TimeProvider time)
    {
        if (!JobLimits.NamePattern().IsMatch(name)) return InvalidName();
        var (document, problem) = await JsonBody.ReadDocumentAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = document;
        var body = document!.RootElement;
        if (body.ValueKind != JsonValueKind.Object) return P.Validation("body", "Must be a JSON object.");
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors[field] = [message];
        foreach (var p in body.EnumerateObject().Where(p => !PatchFields.Contains(p.Name))) Error(p.Name, $"Unknown field. Known fields: {string.Join(", ", PatchFields)}.");

        var grain = cluster.GetGrain<IQueueGrain>(WorkQueueKeys.Of(http.User.TenantId(), name));
        var settings = await grain.Get();
        // Merge-patch: an absent field keeps its value, null clears it.
        if (body.TryGetProperty("concurrencyLimit", out var limit))
        {
            if (limit.ValueKind == JsonValueKind.Null) settings = settings with { ConcurrencyLimit = null };
            else if (limit.TryGetInt32(out var n) && n is >= 1 and <= 100_000) settings = settings with { ConcurrencyLimit = n };
            else Error("concurrencyLimit", "Must be a whole number 1-100000, or null for none.");
        }
        if (body.TryGetProperty("rateLimit", out var rate))
        {
            if (rate.ValueKind == JsonValueKind.Null) settings = settings with { RatePerSecond = null };
            else if (rate.ValueKind == JsonValueKind.Number && rate.GetDouble() is > 0 and <= 100_000 and var r) settings = settings with { RatePerSecond = r };
            else Error("rateLimit", "Must be starts per second, more than 0 and at most 100000, or null for none.");
        }
        if (body.TryGetProperty("maxAttempts", out var attempts))
        {
            if (attempts.ValueKind == JsonValueKind.Null) settings = settings with { DefaultMaxAttempts = null };
            else if (attempts.TryGetInt32(out var n)) settings = settings with { DefaultMaxAttempts = n };
            else Error("maxAttempts", "Must be a whole number, or null for the system default.");
        }
        if (body.TryGetProperty("backoff", out var backoff))
        {
            if (backoff.ValueKind == JsonValueKind.Null) settings = settings with { DefaultBackoff = null };
            else if (JobSubmissionReader.ReadBackoff(backoff, "backoff.", Error) is { } policy) settings = settings with { DefaultBackoff = policy };
        }
        if (body.TryGetProperty("timeout", out var timeout))
        {
            if (timeout.ValueKind == JsonValueKind.Null) settings = settings with { DefaultTimeout = null };
            else if (JsonDuration.TryRead(timeout, out var t)) settings = settings with { DefaultTimeout = t };
            else Error("timeout", "Must be a number of seconds or an ISO 8601 duration, or null for the system default.");
        }
        if (body.TryGetProperty("external", out var external))
        {
            if (external.ValueKind is JsonValueKind.True or JsonValueKind.False) settings = settings with { External = external.GetBoolean() };
            else Error("external", "Must be true (every job of the queue waits for an external worker) or false.");
        }
        // The defaults obey the same bounds as a job's own values.
        var asJob = new JobSpec
        {
            Type = "noop", Queue = name, CorrelationId = "queue-settings",
            MaxAttempts = settings.DefaultMaxAttempts, Backoff = settings.DefaultBackoff, Timeout = settings.DefaultTimeout,
        };
        foreach (var (field, messages) in JobLimits.Validate(asJob).Where(e => e.Key is "maxAttempts" or "timeout" || e.Key.StartsWith("backoff", StringComparison.Ordinal)))
        {
            errors.TryAdd(field, messages);
        }
        if (errors.Count > 0) return P.Validation(errors);
        await grain.Update(settings);
        return TypedResults.Ok(await DescribeAsync(cluster, http.User.TenantId(), name, null, [], time, withStats: true));
    }

    public static Task<IResult> Pause(string name, HttpContext http, IClusterClient cluster, TimeProvider time) => SetPausedAsync(name, true, http, cluster, time);

    public static Task<IResult> Resume(string name, HttpContext http, IClusterClient cluster, TimeProvider time) => SetPausedAsync(name, false, http, cluster, time);

    private static async Task<IResult> SetPausedAsync(string name, bool paused, HttpContext http, IClusterClient cluster, TimeProvider time)
    {
        if (!JobLimits.NamePattern().IsMatch(name)) return InvalidName();
        var grain = cluster.GetGrain<IQueueGrain>(WorkQueueKeys.Of(http.User.TenantId(), name));
        await grain.Update((await grain.Get()) with { Paused = paused });
        return TypedResults.Ok(await DescribeAsync(cluster, http.User.TenantId(), name, null, [], time, withStats: true));
    }

    private static async Task<QueueResponse> DescribeAsync(IClusterClient cluster, string tenantId, string name, QueueStats? stats,
        IReadOnlyList<WorkerInfo> workers, DateTimeOffset now, bool withStats = false)
    {
        if (withStats)
        {
            stats = (await cluster.GetGrain<IJobQueryGrain>(0).TenantQueues(tenantId)).FirstOrDefault(s => s.Queue == name);
            workers = await cluster.GetGrain<IWorkerRegistryGrain>(tenantId).List();
        }
        var settings = await cluster.GetGrain<IQueueGrain>(WorkQueueKeys.Of(tenantId, name)).Get();
        var counts = stats?.Counts ?? new Dictionary<JobStatus, long>();
        var oldest = stats?.OldestQueuedAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : (double?)null;
        return new QueueResponse(name, settings, counts, counts.GetValueOrDefault(JobStatus.Queued), counts.GetValueOrDefault(JobStatus.Running), oldest,
            workers.Where(w => w.State != WorkerState.Lost && w.Registration.Queues.Contains(name)).Select(w => w.Id).ToList());
    }

    private static Task<QueueResponse> DescribeAsync(IClusterClient cluster, string tenantId, string name, QueueStats? stats,
        IReadOnlyList<WorkerInfo> workers, TimeProvider time, bool withStats = false) =>
        DescribeAsync(cluster, tenantId, name, stats, workers, time.GetUtcNow(), withStats);

    private static ValidationProblem InvalidName() => P.Validation("name", "Must be 1-100 characters: letters, digits, '.', '_' or '-'.");
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Http;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Client.Api.Workers;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Workers;
using Orchestrator.Grains.Workers;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// External workers: <c>/v1/workers</c> (register, list, drain, lease with long poll) and the lease holder's calls on a
/// job (<c>/v1/jobs/{id}/heartbeat|complete|fail</c>). A job whose type no silo handles waits for these. The lease
/// token proves the lease: a wrong or expired one answers 409 and changes nothing.
/// </summary>
public static class WorkersApi
{
    public const int MaxLeaseBatch = 100;
    public const int MaxQueues = 20;
    /// <summary>Each wait inside a grain stays under Orleans' 30 s call timeout; longer waits loop.</summary>
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(20);

    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/v1/workers").WithTags("Workers").RequireAuthorization(Policies.Work);
        workers.MapPost("/", Register).WithName("RegisterWorker").WithSummary("Register a worker: name, queues, concurrency, version, labels");
        workers.MapGet("/", List).WithName("ListWorkers").WithSummary("The tenant's workers with state (active, draining, lost), last heartbeat and current jobs");
        workers.MapPost("/{id}/drain", Drain).WithName("DrainWorker").WithSummary("Ask a worker to take no more jobs (its lease calls answer empty)");
        workers.MapPost("/{id}/lease", Lease).WithName("LeaseJobs")
            .WithSummary("Lease up to 'max' (≤ 100) jobs from 'queues', waiting up to 'wait' (≤ 30 s) for one; priority, then due order per queue");
        var jobs = app.MapGroup("/v1/jobs").WithTags("Workers").RequireAuthorization(Policies.Work);
        jobs.MapPost("/{id}/heartbeat", Heartbeat).WithName("HeartbeatJob").WithSummary("Extend a lease; carries progress (0-100) and log lines");
        jobs.MapPost("/{id}/complete", Complete).WithName("CompleteJob").WithSummary("Report a leased job succeeded, with its result");
        jobs.MapPost("/{id}/fail", Fail).WithName("FailJob").WithSummary("Report a leased job failed (retryable or not)");
        return app;
    }

    public static async Task<IResult> Register(HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var name = body!.String("name", required: true, 100);
        var queues = body.StringList("queues", MaxQueues, 100);
        var concurrency = body.Integer("concurrency") ?? 1;
        var version = body.String("version", required: false, 64);
        var labels = body.StringMap("labels", 20, 100);
        if (queues is null && !body.Errors.ContainsKey("queues")) queues = [JobLimits.DefaultQueue];
        if (queues is { Count: 0 }) body.Errors["queues"] = ["At least one queue."];
        if (concurrency is < 1 or > 1000) body.Errors["concurrency"] = ["Must be 1-1000."];
        if (body.Problem() is { } invalid) return invalid;
        var worker = await Registry(http, cluster).Register(new WorkerRegistration
        {
            Name = name!, Queues = queues!, Concurrency = (int)concurrency, Version = version, Labels = labels ?? new Dictionary<string, string>(),
        });
        return TypedResults.Created($"/v1/workers/{worker.Id}", worker);
    }

    public static async Task<Ok<ItemsResponse<WorkerInfo>>> List(HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(new ItemsResponse<WorkerInfo>(await Registry(http, cluster).List()));

    public static async Task<Results<Ok<WorkerInfo>, ProblemHttpResult>> Drain(string id, HttpContext http, IClusterClient cluster) =>
        await Registry(http, cluster).Drain(id) is { } worker ? TypedResults.Ok(worker) : P.NotFound($"No worker {id}.");

    public static async Task<IResult> Lease(string id, HttpContext http, IClusterClient cluster, IOptions<WorkerOptions> options, TimeProvider time)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var queues = body!.StringList("queues", MaxQueues, 100);
        var max = body.Integer("max") ?? 1;
        var wait = body.Duration("wait") ?? TimeSpan.Zero;
        if (max is < 1 or > MaxLeaseBatch) body.Errors["max"] = [$"Must be 1-{MaxLeaseBatch}."];
        if (wait < TimeSpan.Zero || wait > options.Value.MaxWait) body.Errors["wait"] = [$"Must be 0-{options.Value.MaxWait.TotalSeconds:0} seconds (an ISO 8601 duration such as \"PT20S\")."];
        if (body.Problem() is { } invalid) return invalid;

        var registry = Registry(http, cluster);
        var worker = await registry.Seen(id, [], null);
        if (worker is null) return P.NotFound($"No worker {id}; register first (POST /v1/workers).");
        if (worker.State == WorkerState.Draining) return TypedResults.Ok(new LeaseResponse([], Draining: true));

        var tenantId = http.User.TenantId();
        var grains = (queues ?? worker.Registration.Queues).Distinct(StringComparer.Ordinal)
            .Select(q => cluster.GetGrain<IWorkQueueGrain>(WorkQueueKeys.Of(tenantId, q))).ToList();
        var deadline = time.GetUtcNow() + wait;
        var leased = new List<JobLease>();
        // A worker that went away mid-poll must not take a job it can never report: check before every lease.
        var gone = Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => true, TaskScheduler.Default);
        while (!http.RequestAborted.IsCancellationRequested)
        {
            foreach (var queue in grains)
            {
                if (leased.Count >= max) break;
                leased.AddRange(await queue.Lease(id, (int)max - leased.Count, options.Value.LeaseDuration));
            }
            var left = deadline - time.GetUtcNow();
            if (leased.Count > 0 || left <= TimeSpan.Zero) break;
            var slice = left < WaitSlice ? left : WaitSlice;
            await Task.WhenAny(grains.Select(q => q.WaitForWork(slice)).Append(gone));
        }
        if (leased.Count > 0) await registry.Seen(id, leased.Select(l => new HeldLease(l.JobId, l.LeaseExpiresAt)).ToList(), null);
        return TypedResults.Ok(new LeaseResponse(leased.Select(LeasedJobResponse.From).ToList(), Draining: false));
    }

    public static async Task<IResult> Heartbeat(string id, HttpContext http, IClusterClient cluster, IOptions<WorkerOptions> options)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var token = body!.Secret("leaseToken");
        var progress = body.Integer("progress");
        var lines = body.StringList("lines", JobLimits.MaxLogLinesPerAttempt, 100_000) ?? [];
        if (progress is < 0 or > 100) body.Errors["progress"] = ["Must be 0-100."];
        if (!Guid.TryParse(id, out var jobId)) body.Errors["id"] = ["Must be a job id (a UUID)."];
        if (body.Problem() is { } invalid) return invalid;
        var renewal = await Job(http, cluster, jobId).Heartbeat(token!, options.Value.LeaseDuration, (int?)progress, lines);
        await Registry(http, cluster).Seen(renewal.WorkerId, [new HeldLease(jobId, renewal.ExpiresAt)], null);
        return TypedResults.Ok(new { leaseExpiresAt = renewal.ExpiresAt });
    }

    public static async Task<IResult> Complete(string id, HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var token = body!.Secret("leaseToken");
        var result = body.RawJson("result");
        return await ReportAsync(id, token, body, http, cluster, () => new AttemptSucceeded(result));
    }

    public static async Task<IResult> Fail(string id, HttpContext http, IClusterClient cluster)
    {
        var (body, problem) = await JsonBody.ReadAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;
        var token = body!.Secret("leaseToken");
        var error = body.String("error", required: true, 4000);
        var retryable = body.Bool("retryable", required: false) ?? true;
        return await ReportAsync(id, token, body, http, cluster, () => new AttemptFailed(error!, retryable));
    }

    private static async Task<IResult> ReportAsync(string id, string? token, JsonBody body, HttpContext http, IClusterClient cluster, Func<AttemptOutcome> outcome)
    {
        if (!Guid.TryParse(id, out var jobId)) body.Errors["id"] = ["Must be a job id (a UUID)."];
        if (body.Problem() is { } invalid) return invalid;
        var job = await Job(http, cluster, jobId).ReportExternal(token!, outcome());
        if (job.Attempts.Count > 0 && job.Attempts[^1].Silo is { } silo && silo.StartsWith("worker:", StringComparison.Ordinal))
        {
            await Registry(http, cluster).Seen(silo["worker:".Length..], [], jobId);
        }
        return TypedResults.Ok(JobResponse.From(job));
    }

    private static IWorkerRegistryGrain Registry(HttpContext http, IClusterClient cluster) => cluster.GetGrain<IWorkerRegistryGrain>(http.User.TenantId());

    private static IJobGrain Job(HttpContext http, IClusterClient cluster, Guid jobId) => cluster.GetGrain<IJobGrain>(JobIds.GrainKey(http.User.TenantId(), jobId));
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Orchestrator.Client.Workers;

/// <summary>
/// The worker loop: registers, long-polls for as many jobs as it has free slots, runs each with its handler while a
/// heartbeat renews the lease (carrying progress and log lines), and completes or fails it. On host shutdown it
/// drains: it tells the gateway (<c>POST /v1/workers/{id}/drain</c>, so it is listed as draining, not active), leases
/// nothing more, and the jobs in hand finish and report (within the host's shutdown timeout).
/// </summary>
internal sealed partial class OrchestratorWorkerService(
    IHttpClientFactory httpClients,
    IServiceProvider services,
    IEnumerable<WorkerHandlerRegistration> registrations,
    IOptions<OrchestratorWorkerOptions> options,
    ILogger<OrchestratorWorkerService> logger) : BackgroundService
{
    private readonly OrchestratorWorkerOptions _options = options.Value;
    private readonly Dictionary<string, WorkerHandlerRegistration> _handlers = registrations.GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Last());
    private readonly ConcurrentDictionary<Guid, Task> _running = new();

    /// <summary>How long the drain call on stop may take.</summary>
    private static readonly TimeSpan DrainCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The id the gateway gave this worker, once registered.</summary>
    public string? WorkerId { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(OrchestratorWorkerOptions.HttpClientName);
        WorkerId = await RegisterAsync(http, stoppingToken);
        if (WorkerId is null) return;
        LogReady(WorkerId, string.Join(",", Queues));
        using var slots = new SemaphoreSlim(_options.Concurrency);
        var drainedByGateway = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var free = 1;
            while (free < _options.Concurrency && slots.Wait(0)) free++;
            var (jobs, draining) = await LeaseAsync(http, free, stoppingToken);
            if (free > jobs.Count) slots.Release(free - jobs.Count);
            foreach (var job in jobs)
            {
                _running[job.Id] = Task.Run(async () =>
                {
                    try
                    {
                        await RunAsync(http, job);
                    }
                    finally
                    {
                        _running.TryRemove(job.Id, out _);
                        slots.Release();
                    }
                }, CancellationToken.None);
            }
            if (draining)
            {
                LogDraining(WorkerId);
                drainedByGateway = true;
                break;
            }
        }
        // Stopped by the host: say so, so the worker is listed as draining while the jobs in hand finish and report.
        if (!drainedByGateway)
        {
            using var bounded = new CancellationTokenSource(DrainCallTimeout); // a gateway that is down must not hold up the stop
            await SendAsync(http, $"v1/workers/{WorkerId}/drain", new { }, bounded.Token);
        }
        await Task.WhenAll(_running.Values);
    }

    private IReadOnlyList<string> Queues => _options.Queues.Count == 0 ? ["default"] : _options.Queues;

    private async Task<string?> RegisterAsync(HttpClient http, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var response = await http.PostAsJsonAsync("v1/workers", new
                {
                    name = _options.Name, queues = Queues, concurrency = _options.Concurrency, version = _options.Version, labels = _options.Labels,
                }, ClientJson.Options, stoppingToken);
                if (response.IsSuccessStatusCode) return (await response.Content.ReadFromJsonAsync<JsonElement>(stoppingToken)).GetProperty("id").GetString();
                LogCallFailed("register", (int)response.StatusCode, await response.Content.ReadAsStringAsync(stoppingToken));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogCallFailed("register", 0, e.Message);
            }
            await Task.Delay(_options.RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return null;
    }

    private async Task<(IReadOnlyList<LeasedJob> Jobs, bool Draining)> LeaseAsync(HttpClient http, int max, CancellationToken stoppingToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync($"v1/workers/{WorkerId}/lease", new { queues = Queues, max, wait = _options.LeaseWait },
                ClientJson.Options, stoppingToken);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(stoppingToken);
                var jobs = body.GetProperty("jobs").Deserialize<List<LeasedJob>>(ClientJson.Options) ?? [];
                return (jobs, body.GetProperty("draining").GetBoolean());
            }
            LogCallFailed("lease", (int)response.StatusCode, await response.Content.ReadAsStringAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return ([], false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            LogCallFailed("lease", 0, e.Message);
        }
        await Task.Delay(_options.RetryDelay, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return ([], false);
    }

    private async Task RunAsync(HttpClient http, LeasedJob job)
    {
        var journal = new WorkerJobJournal();
        using var leaseLost = new CancellationTokenSource();
        using var stopBeating = new CancellationTokenSource();
        var beating = HeartbeatAsync(http, job, journal, leaseLost, stopBeating.Token);
        string outcome;
        object report;
        try
        {
            if (!_handlers.TryGetValue(job.Type, out var handler))
            {
                throw new WorkerJobFailedException($"This worker has no handler for '{job.Type}'.", retryable: false);
            }
            var result = await handler.Run(services, job, journal, leaseLost.Token);
            (outcome, report) = ("complete", new { leaseToken = job.LeaseToken, result });
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            LogLeaseLost(job.Id);
            await stopBeating.CancelAsync();
            return;
        }
        catch (WorkerJobFailedException e)
        {
            (outcome, report) = ("fail", new { leaseToken = job.LeaseToken, error = e.Message, retryable = e.Retryable });
        }
        catch (Exception e)
        {
            (outcome, report) = ("fail", new { leaseToken = job.LeaseToken, error = $"{e.GetType().Name}: {e.Message}", retryable = true });
        }
        await stopBeating.CancelAsync();
        await beating;
        var (changed, progress, lines) = journal.Take();
        if (changed) await SendAsync(http, $"v1/jobs/{job.Id}/heartbeat", new { leaseToken = job.LeaseToken, progress, lines });
        await SendAsync(http, $"v1/jobs/{job.Id}/{outcome}", report);
    }

    private async Task HeartbeatAsync(HttpClient http, LeasedJob job, WorkerJobJournal journal, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(_options.HeartbeatInterval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested) return;
            var (_, progress, lines) = journal.Take();
            if (await SendAsync(http, $"v1/jobs/{job.Id}/heartbeat", new { leaseToken = job.LeaseToken, progress, lines }) == HttpStatusCode.Conflict)
            {
                await leaseLost.CancelAsync(); // expired or cancelled: the handler should stop
                return;
            }
        }
    }

    private async Task<HttpStatusCode> SendAsync(HttpClient http, string path, object body, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(path, body, ClientJson.Options, cancellationToken);
            if (!response.IsSuccessStatusCode) LogCallFailed(path, (int)response.StatusCode, await response.Content.ReadAsStringAsync());
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LogCallFailed(path, 0, e.Message); // the lease expires and the job is leased again
            return 0;
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Orchestrator worker {WorkerId} ready on queues {Queues}")]
    private partial void LogReady(string workerId, string queues);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Orchestrator worker {WorkerId} was asked to drain; finishing the jobs in hand")]
    private partial void LogDraining(string workerId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Orchestrator worker call {Call} failed ({Status}): {Detail}")]
    private partial void LogCallFailed(string call, int status, string detail);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Job {JobId}: the lease was lost (expired or cancelled); its result is not reported")]
    private partial void LogLeaseLost(Guid jobId);
}

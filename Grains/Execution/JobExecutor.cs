using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Handlers;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Execution;

/// <summary>
/// Runs attempts outside grain turns: a bounded number at once, highest priority first (then first come),
/// with per-queue and per-tenant caps. Waiting attempts sit in one lane per (queue, tenant), so a tenant at its cap
/// holds back only its own attempts, never another tenant's behind them. The job grain enqueues; the executor asks the grain for the lease
/// (<see cref="IJobGrain.StartAttempt"/>) when a slot frees, runs the handler under a token that fires on
/// timeout, cancel or shutdown, and reports the outcome by a grain call. So the grain's turn never waits
/// for a handler and <c>Get</c>/<c>Cancel</c> stay responsive.
/// </summary>
public sealed partial class JobExecutor(
    IGrainFactory grains,
    JobHandlerCatalog handlers,
    IOptions<ExecutorOptions> options,
    ILocalSiloDetails silo,
    Observability.JobTracing tracing,
    TimeProvider time,
    ILogger<JobExecutor> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ExecutorOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Queue, string Tenant), PriorityQueue<JobWorkItem, (int, long)>> _lanes = [];
    private readonly Dictionary<string, int> _runningPerQueue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _runningPerTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobWorkItem> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunningAttempt> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private int _runningCount;
    private bool _stopping;

    /// <summary>Whether this silo's backlog of waiting attempts is at <see cref="ExecutorOptions.MaxQueued"/>: new work due now is refused.</summary>
    public bool Saturated { get { lock (_gate) return _pending.Count >= _options.MaxQueued; } }

    /// <summary>Attempts holding a slot.</summary>
    public int RunningCount { get { lock (_gate) return _runningCount; } }

    /// <summary>Queues an attempt; true when it waits or runs here (it may already have), false when the silo is stopping.</summary>
    public bool Enqueue(JobWorkItem item)
    {
        lock (_gate)
        {
            if (_stopping) return false;
            if (_pending.ContainsKey(item.JobKey) || _running.ContainsKey(item.JobKey)) return true;
            if (!_lanes.TryGetValue((item.Queue, item.TenantId), out var lane))
            {
                _lanes[(item.Queue, item.TenantId)] = lane = new PriorityQueue<JobWorkItem, (int, long)>();
            }
            lane.Enqueue(item, (-item.Priority, _sequence++));
            _pending[item.JobKey] = item;
            PumpLocked();
            return true;
        }
    }

    /// <summary>Whether an attempt of the job waits or runs in this executor.</summary>
    public bool Holds(string jobKey)
    {
        lock (_gate) return _pending.ContainsKey(jobKey) || _running.ContainsKey(jobKey);
    }

    /// <summary>Drops a waiting attempt of the job, or fires the cancellation token of its running attempt.</summary>
    public void Cancel(string jobKey)
    {
        RunningAttempt? running;
        lock (_gate)
        {
            if (_pending.Remove(jobKey)) return; // its queue entry is skipped when it reaches the head
            _running.TryGetValue(jobKey, out running);
        }
        running?.Cancel();
    }

    /// <summary>
    /// The silo whose executor this is, as recorded on attempts and as the owner of the jobs it holds: the silo's
    /// address with its start generation, so a restarted silo is a different owner.
    /// </summary>
    public string SiloName { get; } = WakeUps.SiloLiveness.OwnerOf(silo.SiloAddress);

    /// <summary>This executor's gauges (running attempts and slots, labelled with the silo), for <c>/metrics</c>.</summary>
    private void ObserveMetrics() => Observability.OrchestratorMetrics.ObserveExecutor(SiloName, () => RunningCount, () => _options.MaxConcurrency);

    /// <summary>
    /// Takes a slot for the attempt now, if one is free and nothing waits ahead of it (priority order holds). The
    /// caller (the job grain, in its turn) then records the attempt as started in the same state write that queued
    /// it — saving the lease round trip — and calls <see cref="Launch"/>, or <see cref="Release"/> if the write failed.
    /// </summary>
    public object? TryReserve(JobWorkItem item)
    {
        lock (_gate)
        {
            if (_stopping || _pending.Count > 0 || _runningCount >= _options.MaxConcurrency
                || _pending.ContainsKey(item.JobKey) || _running.ContainsKey(item.JobKey)
                || AtCapLocked(item.Queue, item.TenantId))
            {
                return null;
            }
            return TakeSlotLocked(item);
        }
    }

    /// <summary>Runs a reserved attempt whose start the grain has persisted.</summary>
    public void Launch(object reservation) => _ = Task.Run(() => RunAsync((RunningAttempt)reservation, leased: true));

    /// <summary>Gives back a reserved slot whose attempt was not persisted.</summary>
    public void Release(object reservation)
    {
        var running = (RunningAttempt)reservation;
        running.Dispose();
        FreeSlot(running.Item);
    }

    private RunningAttempt TakeSlotLocked(JobWorkItem item)
    {
        var running = new RunningAttempt(item, _shutdown.Token, time);
        _running[item.JobKey] = running;
        _runningCount++;
        _runningPerQueue[item.Queue] = _runningPerQueue.GetValueOrDefault(item.Queue) + 1;
        _runningPerTenant[item.TenantId] = _runningPerTenant.GetValueOrDefault(item.TenantId) + 1;
        OnLaneStartedLocked(item);
        return running;
    }

    private void FreeSlot(JobWorkItem item)
    {
        lock (_gate)
        {
            _running.Remove(item.JobKey);
            _runningCount--;
            _runningPerQueue[item.Queue]--;
            if (--_runningPerTenant[item.TenantId] == 0) _runningPerTenant.Remove(item.TenantId);
            OnLaneEndedLocked(item);
            if (_stopping && _runningCount == 0) _drained.TrySetResult();
            else PumpLocked();
            ReleaseIdleRunSlotsLocked(item.TenantId);
        }
    }

    private void PumpLocked()
    {
        while (_runningCount < _options.MaxConcurrency && TryDequeueLocked(out var item))
        {
            var running = TakeSlotLocked(item);
            // The executor's own thread-pool work, never a grain's scheduler: Enqueue may be called from a grain turn.
            _ = Task.Run(() => RunAsync(running, leased: false));
        }
    }

    private bool TryDequeueLocked(out JobWorkItem item)
    {
        PriorityQueue<JobWorkItem, (int, long)>? best = null;
        (string, string) bestLane = default;
        (int, long) bestKey = default;
        List<(string, string)>? empty = null;
        foreach (var (name, lane) in _lanes)
        {
            if (AtCapLocked(name.Queue, name.Tenant)) continue;
            while (lane.TryPeek(out var head, out var key))
            {
                if (_pending.TryGetValue(head.JobKey, out var current) && ReferenceEquals(current, head))
                {
                    if (best is null || key.CompareTo(bestKey) < 0) (best, bestLane, bestKey) = (lane, name, key);
                    break;
                }
                lane.Dequeue(); // cancelled while waiting
            }
            if (lane.Count == 0) (empty ??= []).Add(name);
        }
        // Drop empty lanes, so the scan stays as long as the (queue, tenant) pairs with waiting work.
        foreach (var name in empty ?? []) _lanes.Remove(name);
        if (best is null)
        {
            item = null!;
            return false;
        }
        item = best.Dequeue();
        if (best.Count == 0) _lanes.Remove(bestLane);
        _pending.Remove(item.JobKey);
        return true;
    }

    private bool AtCapLocked(string queue, string tenant) =>
        (_options.QueueConcurrency.TryGetValue(queue, out var cap) && _runningPerQueue.GetValueOrDefault(queue) >= cap)
        || (_options.TenantConcurrency > 0 && _runningPerTenant.GetValueOrDefault(tenant) >= _options.TenantConcurrency)
        || !MayRunLocked(tenant)
        || !MayRunQueueLocked(queue, tenant);

    /// <param name="running">The attempt and its slot.</param>
    /// <param name="leased">True when the grain already recorded the attempt as started (a reserved slot).</param>
    private async Task RunAsync(RunningAttempt running, bool leased)
    {
        var item = running.Item;
        var grain = grains.GetGrain<IJobGrain>(item.JobKey);
        var unanswered = false;
        try
        {
            if (!leased)
            {
                unanswered = true;
                var granted = await StartAsync(grain, item);
                unanswered = false;
                if (!granted) return;
            }
            var grantedAt = time.GetUtcNow();
            var outcome = await ExecuteAsync(running);
            // Who ran it and since when: the grain may not have saved the start (JobOptions.StartRecordDelay).
            await ReportAsync(grain, item, outcome with { Silo = SiloName, StartedAt = grantedAt });
        }
        catch (Exception e)
        {
            if (e is IllegalTransitionException) unanswered = false; // the grain answered: it refuses
            LogAttemptPlumbingFailed(item, e);
        }
        finally
        {
            running.Dispose();
            FreeSlot(item);
            if (unanswered) _ = Task.Run(() => OfferAgainLaterAsync(item));
        }
    }

    /// <summary>
    /// Queues again, after <see cref="RetryPause"/>, an attempt whose start call never got an answer within
    /// <see cref="ExecutorOptions.ReportRetryTimeout"/>. Dropping it was not safe: its row stays Queued and owned by
    /// this silo, which no wake shard looks at while the silo lives, and if the job's activation is gone too (the
    /// store was down when it tried to activate), nothing else would ever start it. The grain's answer to the next
    /// start call decides; the slot is free meanwhile.
    /// </summary>
    private async Task OfferAgainLaterAsync(JobWorkItem item)
    {
        try
        {
            await Task.Delay(RetryPause, time, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return; // stopping: the job's owner is gone with this silo, and another silo's sweep takes it
        }
        Enqueue(item);
    }

    /// <summary>The pause before a start or report that went unanswered for a whole retry window is offered again.</summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);

    private async Task<AttemptOutcome> ExecuteAsync(RunningAttempt running)
    {
        var item = running.Item;
        var handler = handlers.Find(item.Type);
        if (handler is null) return new AttemptFailed($"No handler named '{item.Type}' in silo {SiloName}.", Retryable: true);

        var (tenantId, jobId) = JobIds.ParseGrainKey(item.JobKey);
        using var timeout = new CancellationTokenSource(item.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(running.Token, timeout.Token);
        using var payload = JsonDocument.Parse(item.Payload);
        var context = new JobContext
        {
            TenantId = tenantId,
            JobId = jobId,
            Type = item.Type,
            Queue = item.Queue,
            Attempt = item.Attempt,
            Payload = payload.RootElement,
            CorrelationId = item.CorrelationId,
            Timeout = item.Timeout,
            Journal = running.Journal,
        };
        using var scope = logger.BeginScope(new AttemptLogScope(tenantId, jobId, item.Attempt, item.CorrelationId, SiloName));
        using var span = tracing.StartAttempt(item, tenantId, jobId, SiloName);
        var outcome = await RunHandlerAsync(handler, context, running, linked);
        Observability.JobTracing.End(span, outcome);
        return outcome;
    }

    private async Task<AttemptOutcome> RunHandlerAsync(IJobHandler handler, JobContext context, RunningAttempt running, CancellationTokenSource linked)
    {
        var item = running.Item;
        try
        {
            // WaitAsync frees the slot on timeout even if a handler ignores its token.
            var result = await handler.ExecuteAsync(context, linked.Token).WaitAsync(linked.Token);
            return new AttemptSucceeded(result.ResultJson) { Output = result.Output, Log = LogOf(running) };
        }
        catch (Exception) when (linked.IsCancellationRequested)
        {
            if (running.IsCancelledByCaller) return new AttemptCancelled { Log = LogOf(running) };
            if (_shutdown.IsCancellationRequested) return new AttemptInterrupted { Log = LogOf(running) };
            return new AttemptTimedOut(item.Timeout) { Log = LogOf(running) };
        }
        catch (JobFailedException e)
        {
            return new AttemptFailed(e.Message, e.Retryable) { Output = e.Output, Log = LogOf(running) };
        }
        catch (Exception e)
        {
            return new AttemptFailed($"{e.GetType().Name}: {e.Message}", Retryable: true) { Log = LogOf(running) };
        }
    }

    /// <summary>The attempt's log to store with its outcome; null when the handler wrote nothing (most jobs).</summary>
    private static AttemptLog? LogOf(RunningAttempt running)
    {
        var log = running.Journal.Snapshot();
        return ReferenceEquals(log, AttemptLog.Empty) ? null : log;
    }

    /// <summary>The log and progress of the job's attempt running here right now, or null.</summary>
    public AttemptLog? LiveLog(string jobKey, int attempt)
    {
        RunningAttempt? running;
        lock (_gate) _running.TryGetValue(jobKey, out running);
        return running is not null && running.Item.Attempt == attempt ? running.Journal.Snapshot() : null;
    }

    /// <summary>
    /// Asks the grain for the lease, retrying a call that failed (a silo dying moves the grain; the store may be
    /// briefly unreachable) for up to <see cref="ExecutorOptions.ReportRetryTimeout"/>. Without the retry a failed
    /// start would drop the attempt here while the job's row still names this silo as its owner, and only a live
    /// activation's own timer would notice. A start that did land before its answer was lost answers false on the
    /// retry; the grain then sees a running attempt this executor does not hold and re-queues it.
    /// </summary>
    private async Task<bool> StartAsync(IJobGrain grain, JobWorkItem item)
    {
        var deadline = time.GetUtcNow() + _options.ReportRetryTimeout;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                return await grain.StartAttempt(item.Attempt, SiloName);
            }
            catch (Exception e) when (e is not IllegalTransitionException && time.GetUtcNow() + delay < deadline && !_shutdown.IsCancellationRequested)
            {
                LogStartRetry(item, e);
                await Task.Delay(delay, time);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>
    /// Reports an outcome, retrying through a storage outage (the grain refuses to acknowledge what it could not
    /// save) for up to <see cref="ExecutorOptions.ReportRetryTimeout"/> while holding the slot, then without it (see
    /// <see cref="KeepReportingAsync"/>).
    /// </summary>
    private async Task ReportAsync(IJobGrain grain, JobWorkItem item, AttemptOutcome outcome)
    {
        var deadline = time.GetUtcNow() + _options.ReportRetryTimeout;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await grain.CompleteAttempt(item.Attempt, outcome);
                return;
            }
            catch (Exception e) when (e is not IllegalTransitionException && !_shutdown.IsCancellationRequested)
            {
                LogReportRetry(item, e);
                if (time.GetUtcNow() + delay >= deadline)
                {
                    _ = Task.Run(() => KeepReportingAsync(grain, item, outcome));
                    return;
                }
                await Task.Delay(delay, time);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>
    /// Keeps offering a report that could not be delivered within <see cref="ExecutorOptions.ReportRetryTimeout"/>,
    /// every <see cref="RetryPause"/>, until it lands or this silo stops. Giving up is not safe while this silo
    /// lives: an attempt whose start was not saved (<see cref="Jobs.JobOptions.StartRecordDelay"/>) leaves the job's
    /// row Queued and owned by this silo, which no wake shard looks at while the silo is a member; once it stops, the
    /// orphan sweep re-runs the job elsewhere.
    /// </summary>
    private async Task KeepReportingAsync(IJobGrain grain, JobWorkItem item, AttemptOutcome outcome)
    {
        while (!_shutdown.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryPause, time, _shutdown.Token);
                await grain.CompleteAttempt(item.Attempt, outcome);
                return;
            }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not IllegalTransitionException)
            {
                LogReportRetry(item, e);
            }
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JobExecutor), ServiceLifecycleStage.Active, _ =>
        {
            ObserveMetrics();
            return Task.CompletedTask;
        }, StopAsync);

    /// <summary>Stops taking work, fires every running attempt's token and waits (bounded) for their reports.</summary>
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        int running;
        lock (_gate)
        {
            _stopping = true;
            _pending.Clear();
            _lanes.Clear();
            running = _runningCount;
            if (running == 0) _drained.TrySetResult();
        }
        LogStopping(running);
        await _shutdown.CancelAsync();
        try
        {
            await _drained.Task.WaitAsync(_options.ShutdownTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            LogStopTimedOut(RunningCount);
        }
    }

    private sealed class RunningAttempt(JobWorkItem item, CancellationToken shutdown, TimeProvider time) : IDisposable
    {
        public AttemptJournal Journal { get; } = new(time);
        private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        private volatile bool _cancelledByCaller;

        public JobWorkItem Item { get; } = item;
        public CancellationToken Token => _cancel.Token;
        public bool IsCancelledByCaller => _cancelledByCaller;

        public void Cancel()
        {
            _cancelledByCaller = true;
            try { _cancel.Cancel(); } catch (ObjectDisposedException) { }
        }

        public void Dispose() => _cancel.Dispose();
    }
}

using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Grains.Interfaces.Workflows;
using Orchestrator.Grains.Jobs;

namespace Orchestrator.Grains.Schedules;

/// <summary>Firing: what a wake-up (reminder tick or timer) does, the overlap policy, and the job each fire creates.</summary>
public sealed partial class ScheduleGrain
{
    /// <summary>The one place a wake-up is acted on; safe to run any number of times, from any silo.</summary>
    private async Task WakeAsync()
    {
        if (!IsActive)
        {
            ClearTimer();
            if (!schedule.RecordExists || State.Paused) await UnregisterReminderAsync();
            return;
        }
        var now = time.GetUtcNow();
        if ((await tenants.GetAsync(State.TenantId)).IsBlocked)
        {
            Hold(); // the times passing now are handled by the misfire policy once the tenant is unblocked
            return;
        }
        try
        {
            await FireDueAsync(now);
        }
        catch (Exception e) when (e is QuotaExceededException or PlanLimitException)
        {
            // Over its job quota: held like a blocked tenant's, not dropped. Nothing was recorded as handled, so the
            // same fires come again (their jobs are idempotent by fire) once the quota allows.
            LogFireHeld(State.TenantId, State.Id, e.Message);
            Hold();
        }
    }

    /// <summary>Looks again after the tenancy options' <c>PausedRecheck</c>, without firing now.</summary>
    private void Hold()
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(static (self, _) => self.OnTimerAsync(), this,
            new GrainTimerCreationOptions { DueTime = tenancyOptions.Value.PausedRecheck, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    private async Task FireDueAsync(DateTimeOffset now)
    {
        var changed = false;
        if (State.QueuedFire is { } queued && await PreviousRunEndedAsync())
        {
            State.QueuedFire = null;
            await FireAsync(new DueFire(queued, State.QueuedFireKind), checkOverlap: false);
            changed = true;
        }
        var spec = State.Spec!;
        var (fires, handledThrough) = FirePlan.Plan(Cron, State.HandledThrough, now, spec.EndAt, spec.Misfire, _options.MisfireThreshold, _options.MaxCatchUp);
        foreach (var fire in fires) await FireAsync(fire, checkOverlap: true);
        if (handledThrough != State.HandledThrough || fires.Count > 0)
        {
            State.HandledThrough = handledThrough;
            State.NextFireAt = NextAfter(handledThrough);
            changed = true;
        }
        if (changed) await WriteAsync();
        if (State.NextFireAt is null && State.QueuedFire is null)
        {
            ClearTimer();
            await UnregisterReminderAsync();
            LogEnded(State.TenantId, State.Id);
            return;
        }
        SetTimer();
    }

    /// <summary>Fires one time: creates its job, or records why not (overlap, an invalid template).</summary>
    private async Task<ScheduleRun> FireAsync(DueFire fire, bool checkOverlap)
    {
        var now = time.GetUtcNow();
        if (checkOverlap && State.Spec!.Overlap != OverlapPolicy.Allow && !await PreviousRunEndedAsync())
        {
            var skipped = State.Spec.Overlap == OverlapPolicy.QueueOne && State.QueuedFire is null
                ? $"queued: previous run {State.LastJobId} has not ended"
                : $"skipped: previous run {State.LastJobId} has not ended";
            if (State.Spec.Overlap == OverlapPolicy.QueueOne && State.QueuedFire is null)
            {
                State.QueuedFire = fire.FireTime;
                State.QueuedFireKind = fire.Kind;
            }
            return Record(new ScheduleRun(fire.FireTime, fire.Kind, null, skipped, now));
        }

        var key = $"schedule:{State.Id:N}:{fire.FireTime.UtcTicks}";
        var jobId = JobIds.FromIdempotencyKey(State.TenantId, key);
        if (State.Spec!.Workflow is { } definition) return await FireWorkflowAsync(fire, definition, jobId, key, now);
        var template = State.Spec.Job!;
        var spec = template with
        {
            RunAt = null,
            Delay = null,
            // Runs now, but was due at the fire time: its lateness counts from there. A manual trigger was due at no time.
            DueAt = fire.Kind == ScheduleRunKind.Manual ? null : fire.FireTime,
            IdempotencyKey = key,
            RequestFingerprint = key,
            CorrelationId = string.IsNullOrEmpty(template.CorrelationId) ? key : template.CorrelationId,
            Tags = [.. template.Tags, $"schedule:{State.Id}"],
        };
        try
        {
            await GrainFactory.GetGrain<IJobGrain>(JobIds.GrainKey(State.TenantId, jobId)).Submit(spec);
        }
        catch (IdempotencyConflictException)
        {
            // The job of this fire exists from an earlier attempt (made before the definition changed): it stands.
        }
        catch (Exception e) when (e is JobValidationException or PayloadTooLargeException)
        {
            LogFireRefused(State.TenantId, State.Id, fire.FireTime, e.Message);
            return Record(new ScheduleRun(fire.FireTime, fire.Kind, null, $"refused: {e.Message}", now));
        }
        return Fired(fire, jobId, isWorkflow: false, now);
    }

    /// <summary>Starts the saved workflow definition, as a workflow whose id is derived from (schedule, fire time).</summary>
    private async Task<ScheduleRun> FireWorkflowAsync(DueFire fire, string definition, Guid workflowId, string key, DateTimeOffset now)
    {
        var spec = await GrainFactory.GetGrain<IWorkflowDefinitionsGrain>(State.TenantId).Get(definition);
        if (spec is null)
        {
            LogFireRefused(State.TenantId, State.Id, fire.FireTime, $"no workflow definition '{definition}'");
            return Record(new ScheduleRun(fire.FireTime, fire.Kind, null, $"refused: no workflow definition '{definition}'", now, IsWorkflow: true));
        }
        try
        {
            await GrainFactory.GetGrain<IWorkflowGrain>(JobIds.GrainKey(State.TenantId, workflowId)).Start(spec with { CorrelationId = key });
        }
        catch (JobValidationException e)
        {
            LogFireRefused(State.TenantId, State.Id, fire.FireTime, e.Message);
            return Record(new ScheduleRun(fire.FireTime, fire.Kind, null, $"refused: {e.Message}", now, IsWorkflow: true));
        }
        return Fired(fire, workflowId, isWorkflow: true, now);
    }

    private ScheduleRun Fired(DueFire fire, Guid id, bool isWorkflow, DateTimeOffset now)
    {
        State.LastJobId = id;
        State.LastRunIsWorkflow = isWorkflow;
        State.LastFireAt = fire.FireTime;
        State.FireCount++;
        LogFired(State.TenantId, State.Id, fire.FireTime, fire.Kind, id);
        return Record(new ScheduleRun(fire.FireTime, fire.Kind, id, null, now, isWorkflow));
    }

    private ScheduleRun Record(ScheduleRun run)
    {
        State.Runs.Add(run);
        if (State.Runs.Count > _options.RunsKept) State.Runs.RemoveRange(0, State.Runs.Count - _options.RunsKept);
        return run;
    }

    private async Task<bool> PreviousRunEndedAsync()
    {
        if (State.LastJobId is not { } last) return true;
        if (State.LastRunIsWorkflow)
        {
            var run = await GrainFactory.GetGrain<IWorkflowGrain>(JobIds.GrainKey(State.TenantId, last)).Get();
            return run is null || run.Status != WorkflowStatus.Running;
        }
        var job = await GrainFactory.GetGrain<IJobGrain>(JobIds.GrainKey(State.TenantId, last)).Get();
        return job is null || JobTransitions.IsTerminal(job.Status);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Schedule {TenantId}/{ScheduleId} created: '{Cron}', next fire {NextFireAt}")]
    private partial void LogCreated(string tenantId, Guid scheduleId, string cron, DateTimeOffset? nextFireAt);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Schedule {TenantId}/{ScheduleId} fired {FireTime} ({Kind}): job or workflow {RunId}")]
    private partial void LogFired(string tenantId, Guid scheduleId, DateTimeOffset fireTime, ScheduleRunKind kind, Guid runId);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Schedule {TenantId}/{ScheduleId} could not fire {FireTime}: {Reason}")]
    private partial void LogFireRefused(string tenantId, Guid scheduleId, DateTimeOffset fireTime, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Schedule {TenantId}/{ScheduleId} ended: no fire time left")]
    private partial void LogEnded(string tenantId, Guid scheduleId);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Schedule {TenantId}/{ScheduleId} held: {Reason}")]
    private partial void LogFireHeld(string tenantId, Guid scheduleId, string reason);
}

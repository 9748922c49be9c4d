using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>Advancing: deciding pending steps, submitting their jobs, hearing their ends, ending the workflow.</summary>
public sealed partial class WorkflowGrain
{
    /// <summary>
    /// Decides every step that can be decided, saves, then submits the started steps' jobs (and cancels the running
    /// ones a fail-fast failure condemned); ends the workflow when every step has.
    /// </summary>
    private async Task AdvanceAsync()
    {
        await DecideAndSubmitAsync();
        await FlushCancellationsAsync();
    }

    private async Task DecideAndSubmitAsync()
    {
        while (State.Status == WorkflowStatus.Running)
        {
            var started = DecideLocally();
            if (State.Steps.All(s => s.IsEnded))
            {
                await EndAsync(State.Failing ? WorkflowStatus.Failed : WorkflowStatus.Succeeded, null);
                return;
            }
            await workflow.WriteStateAsync();
            await Tenants().Set(State.Id, State.Status);
            if (started.Count == 0) return;
            var refused = await Task.WhenAll(started.Select(SubmitAsync));
            // A job the engine refused (an invalid resolved payload, a handler gone) fails its step: decide again.
            if (!refused.Any(r => r)) return;
        }
    }

    /// <summary>Applies trigger rules and conditions until nothing changes; returns the steps that start (their state already says Running).</summary>
    private List<WorkflowStepState> DecideLocally()
    {
        var byName = State.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var started = new List<WorkflowStepState>();
        var now = time.GetUtcNow();
        bool changed;
        do
        {
            changed = false;
            foreach (var step in State.Steps.Where(s => s.Status == StepStatus.Pending))
            {
                var (verdict, reason) = WorkflowRules.Judge(SpecOf(step.Name), byName);
                if (verdict == WorkflowRules.Verdict.Wait) continue;
                if (verdict == WorkflowRules.Verdict.Skip)
                {
                    // A skip ends a step, which may decide its children: look again. A start ends nothing.
                    changed = true;
                    step.Status = StepStatus.Skipped;
                    step.Reason = reason;
                    step.EndedAt = now;
                    continue;
                }
                step.Status = StepStatus.Running;
                step.Reason = null;
                step.Runs++;
                step.StartedAt = now;
                step.JobId = JobIds.FromIdempotencyKey(State.TenantId, JobKeyOf(step));
                started.Add(step);
            }
        } while (changed);
        return started;
    }

    /// <summary>Submits a started step's job (idempotent by its derived id); true when the engine refused it and the step failed.</summary>
    private async Task<bool> SubmitAsync(WorkflowStepState step)
    {
        var template = SpecOf(step.Name).Job;
        var byName = State.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var key = JobKeyOf(step);
        var spec = template with
        {
            Payload = StepReferences.Resolve(template.Payload, name => byName[name].Result),
            RunAt = null,
            Delay = null,
            IdempotencyKey = key,
            RequestFingerprint = key,
            CorrelationId = State.Spec!.CorrelationId,
            Tags = [.. template.Tags, $"workflow:{State.Id}"],
            WorkflowKey = this.GetPrimaryKeyString(),
            WorkflowStep = step.Name,
        };
        try
        {
            await GrainFactory.GetGrain<IJobGrain>(JobIds.GrainKey(State.TenantId, step.JobId!.Value)).Submit(spec);
            return false;
        }
        catch (IdempotencyConflictException)
        {
            return false; // submitted before, by an earlier attempt of this same decision
        }
        catch (Exception e) when (e is JobValidationException or PayloadTooLargeException)
        {
            FailStep(step, StepStatus.Failed, $"refused: {e.Message}");
            return true;
        }
    }

    /// <summary>Records a step's end if it is news (the step runs with that job); true when it changed the workflow.</summary>
    private bool ApplyStepEnd(string name, Guid jobId, JobStatus status, string? result, string? error, int attempts)
    {
        var step = State.Steps.FirstOrDefault(s => s.Name == name);
        if (State.Status != WorkflowStatus.Running || step is null || step.Status != StepStatus.Running || step.JobId != jobId) return false;
        step.Attempts = attempts;
        if (status == JobStatus.Succeeded)
        {
            step.Status = StepStatus.Succeeded;
            step.Result = result;
            step.EndedAt = time.GetUtcNow();
            return true;
        }
        FailStep(step, status == JobStatus.Cancelled ? StepStatus.Cancelled : StepStatus.Failed, error);
        return true;
    }

    private void FailStep(WorkflowStepState step, StepStatus status, string? error)
    {
        step.Status = status;
        step.Error = error;
        step.EndedAt = time.GetUtcNow();
        if (SpecOf(step.Name).OnFailure == StepFailurePolicy.FailWorkflow && !State.Failing)
        {
            State.Failing = true;
            if (State.Spec!.FailurePolicy == WorkflowFailurePolicy.FailFast)
            {
                foreach (var running in State.Steps.Where(s => s.Status == StepStatus.Running && s != step)) _cancelling.Add(running);
            }
        }
    }

    /// <summary>Steps whose jobs fail-fast must cancel, gathered while deciding and cancelled after the next save.</summary>
    private readonly List<WorkflowStepState> _cancelling = [];

    /// <summary>Ends the workflow: steps not started are cancelled, running steps' jobs are cancelled.</summary>
    private async Task EndAsync(WorkflowStatus status, string? reason)
    {
        var now = time.GetUtcNow();
        var running = State.Steps.Where(s => s.Status == StepStatus.Running).ToList();
        foreach (var step in State.Steps.Where(s => !s.IsEnded))
        {
            step.Status = StepStatus.Cancelled;
            step.Reason = reason ?? $"workflow ended {status}";
            step.EndedAt = now;
        }
        State.Status = status;
        State.EndedAt = now;
        await MarkNotificationAsync(reason);
        await workflow.WriteStateAsync();
        PublishStatus(reason ?? $"workflow ended {status}");
        await Tenants().Set(State.Id, status);
        await CancelJobsAsync(running);
        await FlushNotificationAsync();
        // While a notification is pending the reminder stays: it is what submits it again after a crash.
        if (State.PendingNotification is null && await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
        LogEnded(State.TenantId, State.Id, status);
    }

    /// <summary>The reminder's check: running steps whose end was not heard (a lost notice) or whose job was never made (a crash before the submit).</summary>
    private async Task ReconcileAsync()
    {
        var changed = false;
        foreach (var step in State.Steps.Where(s => s.Status == StepStatus.Running).ToList())
        {
            var job = await GrainFactory.GetGrain<IJobGrain>(JobIds.GrainKey(State.TenantId, step.JobId!.Value)).Get();
            if (job is null) changed |= await SubmitAsync(step);
            else if (Jobs.JobTransitions.IsTerminal(job.Status)) changed |= ApplyStepEnd(step.Name, job.Id, job.Status, job.Result, job.LastError, job.Attempts.Count);
        }
        if (changed) await AdvanceAsync();
    }

    private async Task FlushCancellationsAsync()
    {
        if (_cancelling.Count == 0) return;
        var steps = _cancelling.ToList();
        _cancelling.Clear();
        await CancelJobsAsync(steps.Where(s => s.Status == StepStatus.Running));
    }

    private async Task CancelJobsAsync(IEnumerable<WorkflowStepState> steps)
    {
        foreach (var step in steps)
        {
            try
            {
                await GrainFactory.GetGrain<IJobGrain>(JobIds.GrainKey(State.TenantId, step.JobId!.Value)).Cancel("workflow is failing fast or ended");
            }
            catch (Exception e) when (e is IllegalTransitionException or JobNotFoundException)
            {
                // Ended on its own meanwhile: its notice is on the way.
            }
        }
    }

    /// <summary>Tells live listeners the workflow's status, after the write that made it.</summary>
    private void PublishStatus(string reason) => events.Publish(new Interfaces.Events.JobEvent
    {
        Kind = Interfaces.Events.JobEventKinds.Workflow, TenantId = State.TenantId, Id = State.Id, Status = State.Status.ToString(),
        Attempt = State.Run, Reason = reason, At = time.GetUtcNow(),
    });

    private string JobKeyOf(WorkflowStepState step) => $"workflow:{State.Id:N}:{step.Name}:{step.Runs}";

    private ITenantWorkflowsGrain Tenants() => GrainFactory.GetGrain<ITenantWorkflowsGrain>(State.TenantId);
}

using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Workflows;

namespace Orchestrator.Grains.Workflows;

/// <summary>
/// Runs one workflow. Decide, write, then act: a step's job is submitted after the state that says it runs is saved,
/// with a job id derived from (workflow, step, run), so a crash in between re-submits into the same job. Jobs tell the
/// workflow when they end (one-way); a reminder, while the workflow runs, re-checks running steps in case a notice was
/// lost and enforces the workflow's timeout. Advancing is in <c>WorkflowGrain.Advance.cs</c>.
/// </summary>
public sealed partial class WorkflowGrain(
    [PersistentState("workflow", WorkflowStorage.Name)] IPersistentState<WorkflowState> workflow,
    TimeProvider time,
    Events.JobEventPublisher events,
    Notifications.NotificationDispatcher notifications,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain, IRemindable
{
    private const string ReminderName = "workflow";

    /// <summary>How often a running workflow re-checks its running steps and its deadline.</summary>
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromMinutes(1);

    private WorkflowState State => workflow.State;

    public async Task<WorkflowView> Start(WorkflowSpec spec)
    {
        if (workflow.RecordExists) return View();
        var errors = WorkflowRules.Validate(spec);
        if (errors.Count > 0)
        {
            DeactivateOnIdle();
            throw new JobValidationException(errors);
        }
        var (tenantId, id) = JobIds.ParseGrainKey(this.GetPrimaryKeyString());
        if (await GrainFactory.GetGrain<IQuotaGrain>(tenantId).CurrentPlan() is { MaxWorkflows: { } max } plan
            && (await GrainFactory.GetGrain<ITenantWorkflowsGrain>(tenantId).List(WorkflowStatus.Running, max)).Count >= max)
        {
            DeactivateOnIdle();
            throw new PlanLimitException("maxWorkflows", $"Plan '{plan.Name}' allows {max} running workflows; wait for one to end or move to a larger plan.");
        }
        var now = time.GetUtcNow();
        State.TenantId = tenantId;
        State.Id = id;
        State.Spec = spec;
        State.Steps = spec.Steps.Select(s => new WorkflowStepState { Name = s.Name }).ToList();
        State.Status = WorkflowStatus.Running;
        State.CreatedAt = now;
        State.Run = 1;
        State.Deadline = spec.Timeout is { } timeout ? now + timeout : null;
        await workflow.WriteStateAsync();
        PublishStatus("started");
        await this.RegisterOrUpdateReminder(ReminderName, CheckPeriod, CheckPeriod);
        SetDeadlineTimer();
        LogStarted(tenantId, id, spec.Steps.Count, spec.CorrelationId);
        await AdvanceAsync();
        return View();
    }

    public Task<WorkflowView?> Get()
    {
        if (!workflow.RecordExists) DeactivateOnIdle();
        return Task.FromResult(workflow.RecordExists ? View() : null);
    }

    public async Task<WorkflowView> Cancel()
    {
        EnsureExists();
        if (State.Status != WorkflowStatus.Running) throw new WorkflowStateException($"Workflow {State.Id} is {State.Status}; only a running workflow can be cancelled.");
        await EndAsync(WorkflowStatus.Cancelled, "cancelled by caller");
        return View();
    }

    public async Task<WorkflowView> Rerun()
    {
        EnsureExists();
        if (State.Status is WorkflowStatus.Running or WorkflowStatus.Succeeded)
        {
            throw new WorkflowStateException($"Workflow {State.Id} is {State.Status}; only a failed, cancelled or timed-out workflow can be re-run.");
        }
        // The steps that did not succeed, and everything downstream of them, run again; succeeded steps keep their results.
        var again = new HashSet<string>(State.Steps.Where(s => s.Status != StepStatus.Succeeded).Select(s => s.Name), StringComparer.Ordinal);
        foreach (var name in WorkflowGraph.TopologicalOrder(Nodes()))
        {
            if (SpecOf(name).DependsOn.Any(again.Contains)) again.Add(name);
        }
        foreach (var step in State.Steps.Where(s => again.Contains(s.Name)))
        {
            step.Status = StepStatus.Pending;
            step.Reason = $"re-run {State.Run + 1}";
            step.JobId = null;
            step.StartedAt = step.EndedAt = null;
            step.Result = step.Error = null;
        }
        var now = time.GetUtcNow();
        State.Status = WorkflowStatus.Running;
        State.Failing = false;
        State.EndedAt = null;
        State.Run++;
        State.Deadline = State.Spec!.Timeout is { } timeout ? now + timeout : null;
        await workflow.WriteStateAsync();
        PublishStatus($"re-run {State.Run}");
        await this.RegisterOrUpdateReminder(ReminderName, CheckPeriod, CheckPeriod);
        SetDeadlineTimer();
        LogRerun(State.TenantId, State.Id, State.Run, again.Count);
        await AdvanceAsync();
        return View();
    }

    public Task StepEnded(string step, Guid jobId, JobStatus status, string? result, string? error, int attempts)
    {
        if (workflow.RecordExists && ApplyStepEnd(step, jobId, status, result, error, attempts)) ScheduleAdvance();
        return Task.CompletedTask;
    }

    /// <summary>
    /// How long step ends gather before the workflow advances. The ends of a whole layer arrive together; advancing once
    /// for all of them writes the state once instead of once per step. Safe to defer: each end is already durable in its
    /// job's row, and the reminder's check re-reads those rows if this activation dies before it advanced.
    /// </summary>
    public static readonly TimeSpan AdvanceDelay = TimeSpan.FromMilliseconds(20);

    private IGrainTimer? _advanceTimer;

    private void ScheduleAdvance()
    {
        if (_advanceTimer is not null) return;
        _advanceTimer = this.RegisterGrainTimer(static (self, _) => self.OnAdvanceTimerAsync(), this,
            new GrainTimerCreationOptions { DueTime = AdvanceDelay, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    private Task OnAdvanceTimerAsync()
    {
        _advanceTimer?.Dispose();
        _advanceTimer = null;
        return AdvanceAsync();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (workflow.RecordExists && State.Status == WorkflowStatus.Running) SetDeadlineTimer();
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckAsync();

    /// <summary>A timer at the deadline, so a timeout is precise; the reminder covers it after a silo dies.</summary>
    private void SetDeadlineTimer()
    {
        if (State.Deadline is not { } deadline) return;
        var due = deadline - time.GetUtcNow();
        _deadlineTimer?.Dispose();
        _deadlineTimer = this.RegisterGrainTimer(static (self, _) => self.CheckAsync(), this,
            new GrainTimerCreationOptions { DueTime = due < TimeSpan.Zero ? TimeSpan.Zero : due, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    private IGrainTimer? _deadlineTimer;

    private async Task CheckAsync()
    {
        if (workflow.RecordExists) await FlushNotificationAsync();
        if (!workflow.RecordExists || State.Status != WorkflowStatus.Running)
        {
            if (State.PendingNotification is null && await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
            return;
        }
        if (State.Deadline is { } deadline && time.GetUtcNow() >= deadline)
        {
            await EndAsync(WorkflowStatus.TimedOut, $"timed out after {State.Spec!.Timeout}");
            return;
        }
        // A timer may fire a little before its due time: look again at the deadline rather than wait for the reminder.
        SetDeadlineTimer();
        await ReconcileAsync();
    }

    private WorkflowView View() => new()
    {
        TenantId = State.TenantId,
        Id = State.Id,
        Name = State.Spec!.Name,
        Status = State.Status,
        FailurePolicy = State.Spec.FailurePolicy,
        Steps = State.Steps.Select(s => s.ToView(SpecOf(s.Name).DependsOn)).ToList(),
        CreatedAt = State.CreatedAt,
        EndedAt = State.EndedAt,
        Run = State.Run,
        CorrelationId = State.Spec.CorrelationId,
    };

    private List<WorkflowGraph.Node> Nodes() => State.Spec!.Steps.Select(s => new WorkflowGraph.Node(s.Name, s.DependsOn)).ToList();

    /// <summary>A step's definition by name: an index built once per activation (a workflow's spec never changes), so
    /// deciding 1,000 pending steps is not 1,000 linear searches.</summary>
    private WorkflowStepSpec SpecOf(string name) =>
        (_specs ??= State.Spec!.Steps.ToDictionary(s => s.Name, StringComparer.Ordinal))[name];

    private Dictionary<string, WorkflowStepSpec>? _specs;

    private void EnsureExists()
    {
        if (!workflow.RecordExists)
        {
            DeactivateOnIdle();
            throw new JobNotFoundException($"Workflow {this.GetPrimaryKeyString()} does not exist.");
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Workflow {TenantId}/{WorkflowId} started with {Steps} steps, correlation {CorrelationId}")]
    private partial void LogStarted(string tenantId, Guid workflowId, int steps, string correlationId);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Workflow {TenantId}/{WorkflowId} ended {Status}")]
    private partial void LogEnded(string tenantId, Guid workflowId, WorkflowStatus status);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Workflow {TenantId}/{WorkflowId} re-run {Run}: {Steps} steps again")]
    private partial void LogRerun(string tenantId, Guid workflowId, int run, int steps);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Workflow {TenantId}/{WorkflowId}: its notification could not be submitted now; the reminder tries again")]
    private partial void LogNotificationDeferred(Exception error, string tenantId, Guid workflowId);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Schedules;
using Orchestrator.Grains.Tenants;

namespace Orchestrator.Grains.Schedules;

/// <summary>
/// Owns one recurring schedule. Durable by a reminder (every <see cref="ScheduleOptions.ReminderPeriod"/> while
/// active), precise by a grain timer set for the next fire. A wake-up plans its fires with <see cref="FirePlan"/>,
/// creates their jobs (ids derived from schedule and fire time, so a repeated attempt finds the job it made), and only
/// then records how far it has handled — a crash in between re-fires into the same jobs, never into new ones.
/// Firing is in <c>ScheduleGrain.Firing.cs</c>.
/// </summary>
public sealed partial class ScheduleGrain(
    [PersistentState("schedule", ScheduleStorage.Name)] IPersistentState<ScheduleState> schedule,
    IOptions<ScheduleOptions> options,
    IOptions<Orleans.Hosting.ReminderOptions> reminderOptions,
    IOptions<TenancyOptions> tenancyOptions,
    TenantSettingsCache tenants,
    TimeProvider time,
    ILogger<ScheduleGrain> logger) : Grain, IScheduleGrain, IRemindable
{
    private const string ReminderName = "schedule";
    private readonly ScheduleOptions _options = options.Value;
    private IGrainTimer? _timer;
    private CronSchedule? _cron;

    private ScheduleState State => schedule.State;
    private bool IsActive => schedule.RecordExists && !State.Paused && State.NextFireAt is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsActive) SetTimer();
        return Task.CompletedTask;
    }

    public async Task<ScheduleView> Create(ScheduleSpec spec)
    {
        if (schedule.RecordExists)
        {
            if (spec == State.Spec) return View();
            throw new IdempotencyConflictException($"Schedule {State.Id} already exists with another definition.");
        }
        var (tenantId, id) = JobIds.ParseGrainKey(this.GetPrimaryKeyString());
        if (await GrainFactory.GetGrain<IQuotaGrain>(tenantId).CurrentPlan() is { MaxSchedules: { } max } plan
            && (await GrainFactory.GetGrain<ITenantSchedulesGrain>(tenantId).List()).Count >= max)
        {
            DeactivateOnIdle();
            throw new PlanLimitException("maxSchedules", $"Plan '{plan.Name}' allows {max} schedules; delete one or move to a larger plan.");
        }
        var now = time.GetUtcNow();
        State.TenantId = tenantId;
        State.Id = id;
        State.CreatedAt = now;
        await ApplySpecAsync(spec, now);
        await GrainFactory.GetGrain<ITenantSchedulesGrain>(tenantId).Add(id);
        LogCreated(tenantId, id, spec.Cron, State.NextFireAt);
        return View();
    }

    public Task<ScheduleView?> Get()
    {
        if (!schedule.RecordExists) DeactivateOnIdle();
        return Task.FromResult(schedule.RecordExists ? View() : null);
    }

    public async Task<ScheduleView> Update(ScheduleSpec spec)
    {
        EnsureExists();
        await ApplySpecAsync(spec, time.GetUtcNow());
        return View();
    }

    public async Task Delete()
    {
        EnsureExists();
        var (tenantId, id) = (State.TenantId, State.Id);
        ClearTimer();
        await UnregisterReminderAsync();
        await schedule.ClearStateAsync();
        await GrainFactory.GetGrain<ITenantSchedulesGrain>(tenantId).Remove(id);
        DeactivateOnIdle();
    }

    public async Task<ScheduleView> Pause()
    {
        EnsureExists();
        if (State.Paused) return View();
        State.Paused = true;
        State.QueuedFire = null;
        ClearTimer();
        await WriteAsync();
        await UnregisterReminderAsync();
        return View();
    }

    public async Task<ScheduleView> Resume()
    {
        EnsureExists();
        if (!State.Paused) return View();
        var now = time.GetUtcNow();
        State.Paused = false;
        // Times passed while paused are not fired: resuming continues from now.
        State.HandledThrough = Max(State.HandledThrough, now);
        State.NextFireAt = NextAfter(State.HandledThrough);
        await WriteAsync();
        await ArmAsync();
        return View();
    }

    public async Task<ScheduleRun> Trigger()
    {
        EnsureExists();
        var run = await FireAsync(new DueFire(time.GetUtcNow(), ScheduleRunKind.Manual), checkOverlap: false);
        await WriteAsync();
        return run;
    }

    public Task<IReadOnlyList<DateTimeOffset>> Next(int count)
    {
        EnsureExists();
        var times = new List<DateTimeOffset>();
        if (IsActive)
        {
            for (var next = State.NextFireAt; next is { } t && times.Count < count; next = NextAfter(t)) times.Add(t);
        }
        return Task.FromResult<IReadOnlyList<DateTimeOffset>>(times);
    }

    public Task<IReadOnlyList<ScheduleRun>> Runs()
    {
        EnsureExists();
        return Task.FromResult<IReadOnlyList<ScheduleRun>>(Enumerable.Reverse(State.Runs).ToList());
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => WakeAsync();

    /// <summary>Replaces the spec and computes the next fire from now (or from the start date).</summary>
    private async Task ApplySpecAsync(ScheduleSpec spec, DateTimeOffset now)
    {
        var anchor = spec.StartAt ?? State.CreatedAt;
        if (!CronSchedule.TryParse(spec.Cron, spec.TimeZone, anchor, out var cron, out var errors)) throw new JobValidationException(errors);
        State.Spec = spec;
        _cron = cron;
        // Nothing before the start (or before now, for a new or changed definition) fires.
        State.HandledThrough = spec.StartAt is { } start && start > now ? start.AddTicks(-1) : now;
        State.NextFireAt = NextAfter(State.HandledThrough);
        State.QueuedFire = null;
        await WriteAsync();
        if (IsActive) await ArmAsync();
        else await UnregisterReminderAsync();
    }

    private CronSchedule Cron
    {
        get
        {
            if (_cron is null)
            {
                var spec = State.Spec!;
                CronSchedule.TryParse(spec.Cron, spec.TimeZone, spec.StartAt ?? State.CreatedAt, out _cron, out _);
            }
            return _cron!;
        }
    }

    /// <summary>The fire after <paramref name="after"/> within the end date, or null when the schedule has ended.</summary>
    private DateTimeOffset? NextAfter(DateTimeOffset after) =>
        Cron.Next(after) is { } next && (State.Spec!.EndAt is not { } end || next <= end) ? next : null;

    private async Task ArmAsync()
    {
        // Orleans refuses reminder periods below its minimum (1 minute unless configured lower): the reminder, which is
        // only the durable backstop, never asks for less; the timer still looks every ReminderPeriod.
        var minimum = reminderOptions.Value.MinimumReminderPeriod;
        var period = _options.ReminderPeriod < minimum ? minimum : _options.ReminderPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
        SetTimer();
    }

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }

    /// <summary>A timer for the next thing to do: the next fire, or a check on the run a queued fire waits for.</summary>
    private void SetTimer()
    {
        var now = time.GetUtcNow();
        var due = State.NextFireAt is { } next ? next - now : _options.ReminderPeriod;
        if (State.QueuedFire is not null && _options.QueuedFireRecheck < due) due = _options.QueuedFireRecheck;
        if (due > _options.ReminderPeriod) due = _options.ReminderPeriod;
        if (due < TimeSpan.Zero) due = TimeSpan.Zero;
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(static (self, _) => self.OnTimerAsync(), this,
            new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, Interleave = false, KeepAlive = true });
    }

    private Task OnTimerAsync()
    {
        _timer?.Dispose();
        _timer = null;
        return WakeAsync();
    }

    private void ClearTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private async Task WriteAsync()
    {
        State.UpdatedAt = time.GetUtcNow();
        await schedule.WriteStateAsync();
    }

    private ScheduleView View() => new()
    {
        TenantId = State.TenantId,
        Id = State.Id,
        Spec = State.Spec!,
        Status = State.Paused ? ScheduleStatus.Paused : State.NextFireAt is null ? ScheduleStatus.Ended : ScheduleStatus.Active,
        NextFireAt = State.Paused ? null : State.NextFireAt,
        LastFireAt = State.LastFireAt,
        LastJobId = State.LastJobId,
        CreatedAt = State.CreatedAt,
        UpdatedAt = State.UpdatedAt,
        FireCount = State.FireCount,
    };

    private void EnsureExists()
    {
        if (!schedule.RecordExists)
        {
            DeactivateOnIdle();
            throw new JobNotFoundException($"Schedule {this.GetPrimaryKeyString()} does not exist.");
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Workers;
using Orchestrator.Grains.Tenants;

namespace Orchestrator.Grains.Workers;

/// <summary>
/// A tenant's workers. Registrations and drains are durable (tenancy storage); last-seen times and held jobs are
/// in memory (a worker calls every few seconds, so a moved registry knows them again at once; until then it shows the
/// registry's activation time). Workers lost for longer than <see cref="ForgetAfter"/> are dropped at the next registration.
/// </summary>
public sealed class WorkerRegistryGrain(
    [PersistentState("workers", TenancyStorage.Name)] IPersistentState<WorkerRegistryState> registry,
    IOptions<WorkerOptions> options,
    TimeProvider time) : Grain, IWorkerRegistryGrain
{
    /// <summary>A worker silent for this long is forgotten.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    private readonly Dictionary<string, DateTimeOffset> _lastSeen = [];
    private readonly Dictionary<string, Dictionary<Guid, DateTimeOffset>> _holding = [];
    private DateTimeOffset _activatedAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public async Task<WorkerInfo> Register(WorkerRegistration registration)
    {
        var now = time.GetUtcNow();
        registry.State.Workers.RemoveAll(w => now - LastSeen(w) > ForgetAfter);
        var record = new WorkerRecord { Id = $"w_{Guid.CreateVersion7():N}", Registration = registration, RegisteredAt = now };
        registry.State.Workers.Add(record);
        await registry.WriteStateAsync();
        _lastSeen[record.Id] = now;
        return View(record, now);
    }

    public Task<IReadOnlyList<WorkerInfo>> List()
    {
        var now = time.GetUtcNow();
        return Task.FromResult<IReadOnlyList<WorkerInfo>>(registry.State.Workers.OrderByDescending(w => w.RegisteredAt).Select(w => View(w, now)).ToList());
    }

    public async Task<WorkerInfo?> Drain(string workerId)
    {
        var record = Find(workerId);
        if (record is null) return null;
        if (!record.Draining)
        {
            record.Draining = true;
            await registry.WriteStateAsync();
        }
        return View(record, time.GetUtcNow());
    }

    public Task<WorkerInfo?> Seen(string workerId, IReadOnlyList<HeldLease> holding, Guid? released)
    {
        var record = Find(workerId);
        if (record is null) return Task.FromResult<WorkerInfo?>(null);
        var now = time.GetUtcNow();
        _lastSeen[workerId] = now;
        if (!_holding.TryGetValue(workerId, out var jobs)) _holding[workerId] = jobs = [];
        foreach (var lease in holding) jobs[lease.JobId] = lease.ExpiresAt;
        if (released is { } done) jobs.Remove(done);
        return Task.FromResult<WorkerInfo?>(View(record, now));
    }

    private WorkerRecord? Find(string workerId) => registry.State.Workers.FirstOrDefault(w => w.Id == workerId);

    private DateTimeOffset LastSeen(WorkerRecord w) => _lastSeen.TryGetValue(w.Id, out var seen) ? seen : w.RegisteredAt > _activatedAt ? w.RegisteredAt : _activatedAt;

    private WorkerInfo View(WorkerRecord w, DateTimeOffset now)
    {
        var lastSeen = LastSeen(w);
        var held = _holding.TryGetValue(w.Id, out var jobs) ? jobs.Where(j => j.Value > now).Select(j => j.Key).ToList() : [];
        return new WorkerInfo
        {
            Id = w.Id,
            Registration = w.Registration,
            RegisteredAt = w.RegisteredAt,
            LastSeenAt = _lastSeen.TryGetValue(w.Id, out var seen) ? seen : null,
            State = now - lastSeen > options.Value.LostAfter ? WorkerState.Lost : w.Draining ? WorkerState.Draining : WorkerState.Active,
            CurrentJobs = held,
        };
    }
}

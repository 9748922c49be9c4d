using Orchestrator.Grains.Interfaces.Billing;
using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>
/// Owns one tenant: status and features here, apps, keys and users in <c>TenantGrain.Access.cs</c>. Every change is
/// written once, then pushed to the grains that serve lookups (<see cref="IApiKeyGrain"/>, <see cref="IUserGrain"/>)
/// and to the <see cref="ITenantDirectoryGrain"/>.
/// </summary>
public sealed partial class TenantGrain(
    [PersistentState("tenant", TenancyStorage.Name)] IPersistentState<TenantState> tenant,
    TenantSettingsCache settingsCache,
    TimeProvider time) : Grain, ITenantGrain, ITenantAccessGrain
{
    private TenantState State => tenant.State;
    private string Id => this.GetPrimaryKeyString();

    public async Task<TenantView> Register(string name, UserRecord? owner)
    {
        if (tenant.RecordExists)
        {
            if (State.Name == name && (owner is null || State.Users.Any(u => u.Id == owner.UserId))) return View();
            throw new TenancyConflictException($"Tenant {Id} already exists.");
        }
        if (owner is not null) await GrainFactory.GetGrain<IUserGrain>(owner.Email).Create(owner);
        State.Name = name;
        State.Status = TenantStatus.Active;
        State.CreatedAt = time.GetUtcNow();
        if (owner is not null) State.Users.Add(new UserView(owner.UserId, owner.Email, owner.Role, owner.CreatedAt));
        await tenant.WriteStateAsync();
        await PublishAsync();
        // Its billing starts with it: the monthly invoicing reminder (which never calls back into this grain).
        await GrainFactory.GetGrain<ITenantInvoicesGrain>(Id).Start();
        return View();
    }

    public Task<TenantView?> Get()
    {
        if (!tenant.RecordExists) DeactivateOnIdle();
        return Task.FromResult(tenant.RecordExists ? View() : null);
    }

    public Task<TenantSettings> GetSettings() =>
        Task.FromResult(tenant.RecordExists ? new TenantSettings(true, State.Status, State.ShellEnabled) : TenantSettings.Unknown);

    public async Task<TenantView> SetBlocked(bool blocked, string? reason)
    {
        EnsureExists();
        State.Status = blocked ? TenantStatus.Blocked : TenantStatus.Active;
        State.BlockedReason = blocked ? reason : null;
        await tenant.WriteStateAsync();
        await PublishAsync();
        return View();
    }

    public async Task<TenantView> SetShellEnabled(bool enabled)
    {
        EnsureExists();
        State.ShellEnabled = enabled;
        await tenant.WriteStateAsync();
        await PublishAsync();
        return View();
    }

    private TenantView View() => new(Id, State.Name, State.Status, State.BlockedReason, State.CreatedAt, State.ShellEnabled);

    /// <summary>Makes a change visible: at once in this silo's cache, and in the directory admins list.</summary>
    private Task PublishAsync()
    {
        settingsCache.Invalidate(Id);
        return GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Upsert(View());
    }

    private void EnsureExists()
    {
        if (!tenant.RecordExists)
        {
            DeactivateOnIdle();
            throw new TenancyNotFoundException($"No tenant {Id}.");
        }
    }
}

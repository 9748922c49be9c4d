using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>One user's sign-in record, keyed by lower-case email; written only by its tenant's grain.</summary>
public sealed class UserGrain([PersistentState("user", TenancyStorage.Name)] IPersistentState<UserState> user) : Grain, IUserGrain
{
    public async Task Create(UserRecord record)
    {
        if (user.State.User is { } existing)
        {
            if (existing.UserId == record.UserId && existing.TenantId == record.TenantId) return;
            throw new TenancyConflictException($"A user with email {record.Email} already exists.");
        }
        user.State.User = record;
        await user.WriteStateAsync();
    }

    public Task<UserRecord?> Get()
    {
        if (user.State.User is null) DeactivateOnIdle();
        return Task.FromResult(user.State.User);
    }

    public async Task SetRole(string role)
    {
        if (user.State.User is not { } existing) throw new TenancyNotFoundException("No such user.");
        user.State.User = existing with { Role = role };
        await user.WriteStateAsync();
    }

    public async Task Remove()
    {
        if (user.State.User is null) return;
        await user.ClearStateAsync();
        user.State.User = null;
    }
}

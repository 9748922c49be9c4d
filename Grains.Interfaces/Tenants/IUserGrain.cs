namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>One user's sign-in record, keyed by normalised (lower-case) email, so login is one grain read.</summary>
[Alias("user")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Claims the email for a user; the same user again is a no-op, anyone else a conflict.</summary>
    [Alias("create")]
    Task Create(UserRecord user);

    /// <summary>The record (with the password hash), or null when no user has this email.</summary>
    [Alias("get")]
    Task<UserRecord?> Get();

    /// <summary>Changes the role.</summary>
    [Alias("set-role")]
    Task SetRole(string role);

    /// <summary>Frees the email; the user can no longer sign in.</summary>
    [Alias("remove")]
    Task Remove();
}

using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Hosting;
using Orchestrator.Grains.Interfaces.Tenants;
using Orchestrator.Grains.Observability;

namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// Creates the <c>default</c> tenant at start (see <see cref="DefaultTenantOptions"/>) with an app named
/// <c>default</c> and an <c>admin</c> API key, and prints the key and, in embedded mode, the generated platform admin
/// password — both clearly marked as development credentials. Idempotent: every gateway may run it at every start.
/// </summary>
public sealed partial class DefaultTenantSeeder(
    IClusterClient cluster,
    IOptions<DefaultTenantOptions> options,
    IConfiguration configuration,
    PlatformAdmin platformAdmin,
    SigningKey signingKey,
    TimeProvider time,
    ILogger<DefaultTenantSeeder> logger) : IHostedService
{
    private const string AppId = "default";
    private const string OwnerUserId = "default-owner";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var embedded = configuration.GetOrchestratorMode() == OrchestratorMode.Embedded;
        if (!(o.Enabled ?? embedded))
        {
            if (signingKey.Generated) LogGeneratedSigningKey();
            return;
        }

        var now = time.GetUtcNow();
        UserRecord? owner = null;
        if (!string.IsNullOrWhiteSpace(o.OwnerEmail) && !string.IsNullOrEmpty(o.OwnerPassword))
        {
            var existing = await cluster.GetGrain<IUserGrain>(o.OwnerEmail.Trim().ToLowerInvariant()).Get();
            owner = existing ?? new UserRecord(OwnerUserId, DefaultTenantOptions.TenantId, o.OwnerEmail.Trim().ToLowerInvariant(),
                Roles.Owner, Passwords.Hash(o.OwnerPassword), now);
        }
        var tenant = cluster.GetGrain<ITenantGrain>(DefaultTenantOptions.TenantId);
        await tenant.Register("Default", owner);
        if ((await tenant.GetSettings()).ShellEnabled != o.ShellEnabled) await tenant.SetShellEnabled(o.ShellEnabled);

        var subscription = cluster.GetGrain<Grains.Interfaces.Billing.ISubscriptionGrain>(DefaultTenantOptions.TenantId);
        if (await subscription.History() is [{ ChangedBy: "system" } only] && only.Plan != o.Plan)
        {
            await subscription.Change(o.Plan, only.StartsAt, "system"); // replaces the default plan from the start
        }

        var access = cluster.GetGrain<ITenantAccessGrain>(DefaultTenantOptions.TenantId);
        if ((await access.ListApps()).All(a => a.Id != AppId)) await access.CreateApp(AppId, "default");

        string key;
        if (!string.IsNullOrEmpty(o.ApiKey))
        {
            if (!ApiKeys.TryParse(o.ApiKey, out var id, out var hash))
            {
                throw new InvalidOperationException($"{DefaultTenantOptions.Section}:ApiKey is not an Orchestrator API key (orch_<16 chars>_<43 chars>).");
            }
            key = o.ApiKey;
            if ((await access.ListApiKeys()).All(k => k.Id != id))
            {
                await access.AddApiKey(new ApiKeyRecord(id, AppId, "default (configured)", Roles.Admin, hash, now, ExpiresAt: null));
            }
        }
        else
        {
            (key, var id, var hash) = ApiKeys.Generate();
            await access.AddApiKey(new ApiKeyRecord(id, AppId, "development key", Roles.Admin, hash, now, ExpiresAt: null));
        }

        if (embedded)
        {
            // Console, not the logger: these are for the person at the terminal and must not land in log storage.
            Console.WriteLine($"Development API key for tenant 'default' (admin role; development only): {key}");
            if (platformAdmin.GeneratedPassword is { } password)
            {
                Console.WriteLine($"Development platform admin (development only): {platformAdmin.Email} / {password}");
                if (DashboardSettings.IsEnabled(configuration)) Console.WriteLine($"Orleans dashboard: sign in with it at {DashboardSession.LoginPath}");
            }
        }
        if (signingKey.Generated) LogGeneratedSigningKey();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning,
        Message = "No Orchestrator:Auth:SigningKey is set: a random JWT signing key was generated for this process (development only; tokens die with it).")]
    private partial void LogGeneratedSigningKey();
}

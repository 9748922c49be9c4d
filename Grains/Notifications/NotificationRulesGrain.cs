using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Handlers.Http;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Interfaces.Notifications;
using Orchestrator.Grains.Tenants;

namespace Orchestrator.Grains.Notifications;

/// <summary>
/// A tenant's notification rules and signing secret. Every change invalidates this silo's
/// <see cref="NotificationRulesCache"/>, so the change is seen at once here and within the cache's TTL elsewhere.
/// </summary>
public sealed class NotificationRulesGrain(
    [PersistentState("notification-rules", TenancyStorage.Name)] IPersistentState<NotificationRulesState> rules,
    NotificationRulesCache cache,
    IOptions<NotificationOptions> options,
    IOptions<SmtpOptions> smtp,
    IOptions<HttpHandlerOptions> http,
    TimeProvider time) : Grain, INotificationRulesGrain
{
    private NotificationRulesState State => rules.State;
    private string TenantId => this.GetPrimaryKeyString();

    public Task<IReadOnlyList<NotificationRule>> List() => Task.FromResult<IReadOnlyList<NotificationRule>>(State.Rules.ToArray());

    public Task<NotificationRule?> Get(Guid id) => Task.FromResult(State.Rules.Find(r => r.Id == id));

    public async Task<NotificationRuleCreated> Create(NotificationRule rule)
    {
        Validate(rule);
        if (State.Rules.Count >= options.Value.MaxRulesPerTenant)
        {
            throw new JobValidationException(new() { ["rules"] = [$"A tenant may have at most {options.Value.MaxRulesPerTenant} notification rules."] });
        }
        if (State.Rules.Any(r => r.Id == rule.Id)) throw new IdempotencyConflictException($"Notification rule {rule.Id} already exists.");
        string? secret = null;
        if (rule.Webhook is not null && State.Secret is null) secret = NewSecret();
        var now = time.GetUtcNow();
        State.Rules.Add(rule with { CreatedAt = now, UpdatedAt = now });
        await SaveAsync();
        return new NotificationRuleCreated(State.Rules[^1], secret);
    }

    public async Task<NotificationRule?> Update(NotificationRule rule)
    {
        var index = State.Rules.FindIndex(r => r.Id == rule.Id);
        if (index < 0) return null;
        Validate(rule);
        State.Rules[index] = rule with { CreatedAt = State.Rules[index].CreatedAt, UpdatedAt = time.GetUtcNow() };
        // A webhook added by an update needs a secret too; it is read with the rotate endpoint (the rule's answer has no room for it).
        if (rule.Webhook is not null && State.Secret is null) NewSecret();
        await SaveAsync();
        return State.Rules[index];
    }

    public async Task<bool> Delete(Guid id)
    {
        if (State.Rules.RemoveAll(r => r.Id == id) == 0) return false;
        await SaveAsync();
        return true;
    }

    public async Task<string> RotateSecret()
    {
        var secret = NewSecret();
        await SaveAsync();
        return secret;
    }

    public Task<string?> GetSecret() => Task.FromResult(State.Secret);

    private string NewSecret()
    {
        State.Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        State.SecretCreatedAt = time.GetUtcNow();
        return State.Secret;
    }

    /// <summary>The shared field rules, then what only the silo knows: whether email is configured and private targets allowed.</summary>
    private void Validate(NotificationRule rule)
    {
        var errors = NotificationRuleLimits.Validate(rule);
        if (rule.Email is not null && !smtp.Value.IsConfigured)
        {
            errors["email"] = [$"Email is not configured on this installation; set {SmtpOptions.Section}:Host."];
        }
        if (rule.Webhook is { } webhook && !errors.ContainsKey("webhook.url") && !http.Value.AllowPrivateNetworks
            && NetworkGuard.IsPrivateHost(new Uri(webhook.Url)))
        {
            errors["webhook.url"] = [$"Targets a loopback, private or link-local address; set {HttpHandlerOptions.Section}:AllowPrivateNetworks to allow it."];
        }
        if (errors.Count > 0)
        {
            DeactivateOnIdle();
            throw new JobValidationException(errors);
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            await rules.WriteStateAsync();
        }
        catch
        {
            // The in-memory state holds a change the store does not: re-read what is durable on the next call.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            cache.Invalidate(TenantId);
        }
    }
}

using Microsoft.Extensions.Options;

namespace Orchestrator.Grains.Tenants;

/// <summary>Tenancy as the silos and gateways apply it (<c>Orchestrator:Tenants</c>).</summary>
public sealed class TenancyOptions
{
    public const string Section = "Orchestrator:Tenants";
    public static readonly TimeSpan DefaultSettingsCacheTtl = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultPausedRecheck = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a silo or gateway trusts a tenant's cached status and features. A block takes effect at once on the
    /// gateway that received it and within this time everywhere else.
    /// </summary>
    public TimeSpan SettingsCacheTtl { get; set; } = DefaultSettingsCacheTtl;

    /// <summary>How often a due job of a blocked tenant checks again whether it may run; after an unblock, paused jobs run within this time.</summary>
    public TimeSpan PausedRecheck { get; set; } = DefaultPausedRecheck;
}

/// <summary>Rejects non-positive durations at start.</summary>
public sealed class TenancyOptionsValidator : IValidateOptions<TenancyOptions>
{
    public ValidateOptionsResult Validate(string? name, TenancyOptions options)
    {
        var errors = new List<string>();
        if (options.SettingsCacheTtl < TimeSpan.Zero) errors.Add($"{TenancyOptions.Section}:SettingsCacheTtl must not be negative.");
        if (options.PausedRecheck <= TimeSpan.Zero) errors.Add($"{TenancyOptions.Section}:PausedRecheck must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

namespace Orchestrator.Grains.Interfaces.Tenants;

/// <summary>A domain error of tenancy (tenants, users, apps, keys). The gateway maps each kind to one HTTP status.</summary>
[GenerateSerializer, Alias("TenancyException")]
public class TenancyException : Exception
{
    public TenancyException(string message) : base(message) { }
}

/// <summary>The name, email or id is already taken (HTTP 409).</summary>
[GenerateSerializer, Alias("TenancyConflictException")]
public sealed class TenancyConflictException : TenancyException
{
    public TenancyConflictException(string message) : base(message) { }
}

/// <summary>No such tenant, app, key or user in this tenant (HTTP 404).</summary>
[GenerateSerializer, Alias("TenancyNotFoundException")]
public sealed class TenancyNotFoundException : TenancyException
{
    public TenancyNotFoundException(string message) : base(message) { }
}

/// <summary>The request is well-formed but breaks a tenancy rule, e.g. removing the last owner (HTTP 409 with the rule).</summary>
[GenerateSerializer, Alias("TenancyRuleException")]
public sealed class TenancyRuleException : TenancyException
{
    public TenancyRuleException(string message) : base(message) { }
}

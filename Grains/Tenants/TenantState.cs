using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>The persistent state of one tenant grain. Ids are stable: never renumber or reuse one.</summary>
[GenerateSerializer, Alias("TenantState")]
public sealed class TenantState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public TenantStatus Status { get; set; }
    [Id(2)] public string? BlockedReason { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
    [Id(4)] public bool ShellEnabled { get; set; }
    [Id(5)] public List<AppView> Apps { get; set; } = [];
    [Id(6)] public List<ApiKeyView> Keys { get; set; } = [];
    [Id(7)] public List<UserView> Users { get; set; } = [];
}

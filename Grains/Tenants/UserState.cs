using Orchestrator.Grains.Interfaces.Tenants;

namespace Orchestrator.Grains.Tenants;

/// <summary>The persistent state of one user grain. Ids are stable.</summary>
[GenerateSerializer, Alias("UserState")]
public sealed class UserState
{
    [Id(0)] public UserRecord? User { get; set; }
}

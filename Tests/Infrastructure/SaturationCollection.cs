namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// The tests that make submissions be refused (a saturated executor, a tenant's pending bound). The refusal counter
/// is a process-wide metric shared by every test's gateway, so these run one after another and each can assert
/// exactly how many refusals it caused.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SaturationCollection
{
    public const string Name = "saturation";
}

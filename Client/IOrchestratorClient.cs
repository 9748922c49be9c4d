using Orchestrator.Client.Jobs;
using Orchestrator.Client.Schedules;
using Orchestrator.Client.Workflows;

namespace Orchestrator.Client;

/// <summary>
/// The orchestrator from .NET, identical over both transports (<see cref="Hosting.OrchestratorClientServiceCollectionExtensions.AddOrchestratorClient"/>
/// picks one from configuration): the same calls, the same results, the same <see cref="OrchestratorException"/>s.
/// </summary>
public interface IOrchestratorClient
{
    /// <summary>Submit, read, list, cancel, retry and wait for jobs.</summary>
    IJobs Jobs { get; }

    /// <summary>Recurring schedules.</summary>
    ISchedules Schedules { get; }

    /// <summary>Workflows: DAGs of jobs.</summary>
    IWorkflows Workflows { get; }
}

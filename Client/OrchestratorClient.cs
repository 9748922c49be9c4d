using Orchestrator.Client.Jobs;
using Orchestrator.Client.Schedules;
using Orchestrator.Client.Workflows;

namespace Orchestrator.Client;

/// <summary>The facade over one transport's three parts.</summary>
internal sealed class OrchestratorClient(IJobs jobs, ISchedules schedules, IWorkflows workflows) : IOrchestratorClient
{
    public IJobs Jobs { get; } = jobs;
    public ISchedules Schedules { get; } = schedules;
    public IWorkflows Workflows { get; } = workflows;
}

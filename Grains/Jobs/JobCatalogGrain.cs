using Orleans.Concurrency;
using Orchestrator.Grains.Handlers;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Grains.Jobs;

/// <summary>Validates submissions against this silo's handlers; a stateless worker.</summary>
[StatelessWorker]
public sealed class JobCatalogGrain(JobHandlerCatalog catalog) : Grain, IJobCatalogGrain
{
    public Task<Dictionary<int, Dictionary<string, string[]>>> Validate(IReadOnlyList<JobSpec> specs)
    {
        var result = new Dictionary<int, Dictionary<string, string[]>>();
        for (var i = 0; i < specs.Count; i++)
        {
            var errors = catalog.Validate(specs[i]);
            if (errors.Count > 0) result[i] = errors;
        }
        return Task.FromResult(result);
    }
}

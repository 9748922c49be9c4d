namespace Orchestrator.Grains.Interfaces.Jobs;

/// <summary>Checks submissions against the silo's handlers before anything is created. Stateless: any silo answers.</summary>
[Alias("job-catalog")]
public interface IJobCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Field errors per spec index (specs without errors are absent), so a batch can be refused whole.</summary>
    [Alias("validate")]
    Task<Dictionary<int, Dictionary<string, string[]>>> Validate(IReadOnlyList<JobSpec> specs);
}

namespace Orchestrator.Grains.Interfaces.Workers;

/// <summary>A heartbeat or report whose lease token is not the job's current one, or whose lease has expired: it changes nothing (409).</summary>
[GenerateSerializer, Alias("LeaseConflictException")]
public sealed class LeaseConflictException : Jobs.JobDomainException
{
    public LeaseConflictException(string message) : base(message) { }
}

namespace Orchestrator.Worker.Sample;

/// <summary><c>Sample</c>: what the sample submits.</summary>
public sealed class SampleOptions
{
    public const string Section = "Sample";

    /// <summary>The job type (a handler the silos have). Default <c>noop</c>.</summary>
    public string Type { get; set; } = "noop";

    /// <summary>How long to wait for the job to finish. Default 60 s.</summary>
    public int WaitSeconds { get; set; } = 60;
}

namespace Orchestrator.Grains.Interfaces.Workflows;

/// <summary>When a step with parents runs, judged on its parents' outcomes.</summary>
public enum StepTrigger
{
    /// <summary>Every parent succeeded (the default); otherwise the step is skipped.</summary>
    AllSucceeded = 0,

    /// <summary>Every parent ended, whatever the outcome.</summary>
    AllDone = 1,

    /// <summary>At least one parent failed (a clean-up or alert step); skipped when none did.</summary>
    AnyFailed = 2,

    /// <summary>As soon as one parent succeeded; skipped when all ended and none did.</summary>
    OneSucceeded = 3,
}

/// <summary>What a step's failure means for its workflow.</summary>
public enum StepFailurePolicy
{
    /// <summary>The workflow ends Failed (the default).</summary>
    FailWorkflow = 0,

    /// <summary>The workflow goes on and can still succeed; children see the step as failed.</summary>
    Continue = 1,
}

/// <summary>What the workflow does when a step fails the workflow.</summary>
public enum WorkflowFailurePolicy
{
    /// <summary>Running steps finish and steps whose trigger rule allows it still run (the default).</summary>
    RunToCompletion = 0,

    /// <summary>Running steps are cancelled at once; steps not started are decided by their trigger rules.</summary>
    FailFast = 1,
}

/// <summary>A step's state.</summary>
public enum StepStatus
{
    Pending = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Skipped = 4,
    Cancelled = 5,
}

/// <summary>A workflow's state.</summary>
public enum WorkflowStatus
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    Cancelled = 3,
    TimedOut = 4,
}

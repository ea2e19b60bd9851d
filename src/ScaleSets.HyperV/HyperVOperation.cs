namespace ScaleSets.HyperV;

/// <summary>The provider operation a Hyper-V error happened in; the same error can mean different things (a missing VM is success for a delete).</summary>
internal enum HyperVOperation
{
    List,
    Create,
    Delete,
    Start,
    Stop,
    Restart,
    Reimage,
}

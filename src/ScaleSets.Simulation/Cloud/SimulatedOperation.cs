namespace ScaleSets.Simulation.Cloud;

/// <summary>A mutating compute call on existing instances.</summary>
internal enum SimulatedOperation
{
    Start,
    Stop,
    Restart,
    Reimage,
    Delete,
}

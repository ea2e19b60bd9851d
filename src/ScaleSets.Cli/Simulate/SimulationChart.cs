namespace ScaleSets.Cli.Simulate;
internal static class SimulationChart
{
    public static void Write(Stream stream, ScaleSets.Simulation.Runs.SimulationResult result) => throw new NotSupportedException();
}

using System.Globalization;
using ScaleSets.Orleans.Grains;

namespace ScaleSets.Orleans.Tests.Grains;

/// <summary>
/// The registry of names on the real PostgreSQL grain storage: names added at once are stored in coalesced writes (one
/// in flight, the next carrying every name added meanwhile), each call returning once its name is stored.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ScaleSetRegistryGrainTests : ClusterTestBase
{
    [Test]
    public async Task AddAsync_TwoHundredNamesAtOnce_AllStoredInFewerWritesAndListedAfterReactivation()
    {
        var registry = Cluster.Client.GetGrain<IScaleSetRegistryGrain>(0);
        var names = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"set-{i:D3}")).ToList();

        await Task.WhenAll(names.Select(registry.AddAsync).Append(registry.AddAsync("set-000")));
        var writes = await RowVersionAsync();

        Assert.That(writes, Is.GreaterThan(0).And.LessThan(names.Count), "coalesced: fewer writes than names (one per name before)");
        await Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.That(await registry.ListAsync(), Is.EqualTo(names), "read back from the row by a new activation");

        await registry.AddAsync("set-000");
        Assert.That(await RowVersionAsync(), Is.EqualTo(writes), "a name already stored is not written again");
    }

    private static async Task<int> RowVersionAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestCloud.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT version FROM orleansstorage WHERE graintypestring ILIKE '%registry%'", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}

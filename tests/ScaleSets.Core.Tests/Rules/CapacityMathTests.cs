using ScaleSets.Model;
using ScaleSets.Rules;

namespace ScaleSets.Tests.Rules;

[TestFixture]
public sealed class CapacityMathTests
{
    [TestCase(10, 25, 13)] // 2.5 rounds up to 3 when scaling out
    [TestCase(10, 20, 12)]
    [TestCase(1, 10, 2)] // 0.1 of an instance still moves one
    [TestCase(0, 50, 1)] // from zero a percentage still adds one
    [TestCase(200, 50, 300)]
    public void Apply_PercentIncrease_RoundsUpAndMovesAtLeastOne(int current, int percent, int expected) =>
        Assert.That(CapacityMath.Apply(current, ScaleDirection.Increase, ScaleType.PercentChangeCount, percent), Is.EqualTo(expected));

    [TestCase(10, 25, 8)] // 2.5 rounds down to 2 when scaling in
    [TestCase(10, 5, 9)] // 0.5 of an instance still removes one
    [TestCase(1, 50, 0)]
    [TestCase(100, 33, 67)]
    public void Apply_PercentDecrease_RoundsDownAndMovesAtLeastOne(int current, int percent, int expected) =>
        Assert.That(CapacityMath.Apply(current, ScaleDirection.Decrease, ScaleType.PercentChangeCount, percent), Is.EqualTo(expected));

    [TestCase(5, ScaleDirection.Increase, 3, 8)]
    [TestCase(5, ScaleDirection.Decrease, 3, 2)]
    [TestCase(2, ScaleDirection.Decrease, 5, 0)]
    public void Apply_ChangeCount_AddsOrRemoves(int current, ScaleDirection direction, int value, int expected) =>
        Assert.That(CapacityMath.Apply(current, direction, ScaleType.ChangeCount, value), Is.EqualTo(expected));

    [TestCase(5, ScaleDirection.Increase, 9)]
    [TestCase(5, ScaleDirection.Decrease, 2)]
    public void Apply_ExactCount_SetsTheValue(int current, ScaleDirection direction, int value) =>
        Assert.That(CapacityMath.Apply(current, direction, ScaleType.ExactCount, value), Is.EqualTo(value));

    [TestCase(100.0, 4, 25.0)]
    [TestCase(5.0, 0, double.PositiveInfinity)]
    [TestCase(0.0, 0, 0.0)]
    public void PerInstance_DividesAndHandlesZeroInstances(double total, int instances, double expected) =>
        Assert.That(CapacityMath.PerInstance(total, instances), Is.EqualTo(expected));
}

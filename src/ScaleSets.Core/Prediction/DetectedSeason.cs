namespace ScaleSets.Prediction;

/// <summary>A season found in a series.</summary>
/// <param name="Length">The season length in grains.</param>
/// <param name="Strength">
/// The share of the detrended variance the seasonal profile explains, corrected for the number of cycles seen:
/// 0 (none) to 1 (all).
/// </param>
/// <param name="Autocorrelation">The autocorrelation of the detrended series at the season's lag.</param>
internal readonly record struct DetectedSeason(int Length, double Strength, double Autocorrelation);

namespace ScaleSets.Cli.Commands;

/// <summary>
/// Checks a file a command will write before the command's work starts, so a path that cannot be written (a missing
/// folder, a folder in the file's place, no permission) fails at once, naming the option, instead of after a long run.
/// </summary>
internal static class OutputPath
{
    /// <summary>Checks that <paramref name="path"/> can be written, leaving an existing file as it was and no new one.</summary>
    /// <param name="path">The path, or <see langword="null"/> when the option was not given (nothing to check).</param>
    /// <param name="option">The option that gave it, for the message.</param>
    /// <exception cref="CliError">The file cannot be written.</exception>
    public static void Check(string? path, string option)
    {
        if (path is null)
        {
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CliError($"{option}: '{path}' is not a file path ({e.Message})");
        }

        if (Directory.Exists(full))
        {
            throw new CliError($"{option}: {path} is a folder; give a file name in it");
        }

        if (Path.GetDirectoryName(full) is { } folder && !Directory.Exists(folder))
        {
            throw new CliError($"{option}: {path} cannot be written: the folder {folder} does not exist");
        }

        var existed = File.Exists(full);
        try
        {
            // Opening for writing without truncating checks permissions; a file created only for the check is removed.
            using (new FileStream(full, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            if (!existed)
            {
                File.Delete(full);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"{option}: {path} cannot be written ({e.Message})");
        }
    }
}

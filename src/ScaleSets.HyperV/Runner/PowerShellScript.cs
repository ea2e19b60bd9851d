namespace ScaleSets.HyperV.Runner;

/// <summary>One of the provider's shipped PowerShell scripts.</summary>
/// <param name="Name">The file name, for example <c>New-ScaleSetVM.ps1</c>.</param>
/// <param name="Path">A local path to the script file, extracted from the assembly.</param>
/// <param name="Text">The script's text, for runners that do not run files (in-process runspaces).</param>
public sealed record PowerShellScript(string Name, string Path, string Text);

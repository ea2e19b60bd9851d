@{
    # A stand-in for Windows' Microsoft.PowerShell.Diagnostics module (Get-Counter), for tests on hosts without it. Same
    # module name, so scripts calling Microsoft.PowerShell.Diagnostics\Get-Counter reach it when it is on PSModulePath.
    RootModule        = 'Microsoft.PowerShell.Diagnostics.psm1'
    ModuleVersion     = '7.0.0'
    GUID              = '8a3c2f41-6d0e-4b7a-9c55-2e4f7d1b9a63'
    Author            = 'ScaleSets.Core contributors'
    Description       = 'Get-Counter stand-in for the ScaleSets.HyperV tests: the Hyper-V counters of the Hyper-V stand-in''s running VMs.'
    PowerShellVersion = '7.0'
    RequiredModules   = @('Hyper-V')
    FunctionsToExport = @('Get-Counter')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}

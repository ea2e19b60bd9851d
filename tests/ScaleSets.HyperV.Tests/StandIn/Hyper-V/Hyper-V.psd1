@{
    # A stand-in for Microsoft's Hyper-V module, for tests on hosts without Hyper-V. Same module name, so scripts calling
    # module-qualified cmdlets (Hyper-V\New-VM) reach it when it is first on PSModulePath.
    RootModule        = 'Hyper-V.psm1'
    ModuleVersion     = '2.0.0'
    GUID              = '5f0d7a0e-3b1c-4c8e-9a51-1b6a8d4c2e77'
    Author            = 'ScaleSets.Core contributors'
    Description       = 'Hyper-V stand-in for the ScaleSets.HyperV tests: VM state in a JSON file under a lock, simulated boot, Hyper-V error texts, failure injection.'
    PowerShellVersion = '7.0'
    FunctionsToExport = @(
        'Get-VM', 'New-VM', 'Start-VM', 'Stop-VM', 'Remove-VM', 'Set-VM', 'Set-VMProcessor', 'Set-VMMemory', 'Set-VMFirmware',
        'Get-VMNetworkAdapter', 'Get-VMHardDiskDrive', 'Add-VMHardDiskDrive', 'Remove-VMHardDiskDrive', 'New-VHD', 'Get-VHD',
        'Get-StandInCounterSamples'
    )
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}

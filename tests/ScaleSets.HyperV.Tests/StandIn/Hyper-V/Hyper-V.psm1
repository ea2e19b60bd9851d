# Hyper-V stand-in. State lives in the JSON file named by HYPERV_STANDIN_STATE, read and written under an exclusive lock
# file so concurrent PowerShell processes see one consistent host. Settings come from environment variables:
#   HYPERV_STANDIN_BOOT_SECONDS      seconds from Start-VM until heartbeat OK and an IP address (default 1)
#   HYPERV_STANDIN_HOST_MEMORY_BYTES memory of the host; Start-VM fails with OutOfMemory beyond it (default 64 GB)
#   HYPERV_STANDIN_FAIL_NEW_VM       comma-separated 1-based numbers of the New-VM calls that fail
#   HYPERV_STANDIN_HANG_CMDLET       a cmdlet name (for example Start-VM) that hangs for HYPERV_STANDIN_HANG_SECONDS
#   HYPERV_STANDIN_SWITCHES          comma-separated virtual switch names (default 'Default Switch')
#   HYPERV_STANDIN_COUNTERS_FAIL     when set, Get-Counter (the Microsoft.PowerShell.Diagnostics stand-in) fails as on a
#                                    host without Hyper-V's performance counters
# A VM's load is its state's cpuPercent, memoryDemand (bytes), rxBytesPerSec and txBytesPerSec (tests set them in the
# state file); Get-VM reports them as CPUUsage and MemoryDemand, Get-Counter as Hyper-V's counters.
Set-StrictMode -Version 3.0

function Get-StandInNow { [DateTimeOffset]::new((Get-Date).ToUniversalTime()).ToUnixTimeMilliseconds() }

function New-StandInError([string] $Message, [string] $Id, [System.Management.Automation.ErrorCategory] $Category, $Target) {
    [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($Message), $Id, $Category, $Target)
}

function Invoke-StandInHang([string] $Cmdlet) {
    if ($env:HYPERV_STANDIN_HANG_CMDLET -and $env:HYPERV_STANDIN_HANG_CMDLET.Equals($Cmdlet, [StringComparison]::OrdinalIgnoreCase)) {
        $seconds = 3600
        if ($env:HYPERV_STANDIN_HANG_SECONDS) { $seconds = [int]::Parse($env:HYPERV_STANDIN_HANG_SECONDS, [Globalization.CultureInfo]::InvariantCulture) }
        Start-Sleep -Seconds $seconds
    }
}

function Use-StandInState([scriptblock] $Action) {
    $statePath = $env:HYPERV_STANDIN_STATE
    if (-not $statePath) { throw 'HYPERV_STANDIN_STATE is not set: the Hyper-V stand-in needs a state file path.' }
    $lock = $null
    for ($attempt = 0; -not $lock; $attempt++) {
        try {
            $lock = [System.IO.File]::Open($statePath + '.lock', [System.IO.FileMode]::OpenOrCreate, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
        } catch [System.IO.IOException] {
            if ($attempt -ge 1000) { throw "Hyper-V stand-in: could not lock '$statePath.lock' within 20 seconds." }
            Start-Sleep -Milliseconds 20
        }
    }
    try {
        $state = $null
        if (Test-Path -LiteralPath $statePath) {
            $text = [System.IO.File]::ReadAllText($statePath, [System.Text.Encoding]::UTF8)
            if ($text.Trim().Length -gt 0) { $state = ConvertFrom-Json -InputObject $text -AsHashtable }
        }
        if (-not $state) { $state = @{ vms = @(); newVmCalls = 0; nextIp = 1 } }
        $state.vms = [System.Collections.Generic.List[object]]::new([object[]]@($state.vms))
        try {
            & $Action $state
        } finally {
            # Written even when the cmdlet fails: counters (the Nth New-VM) must advance on failed calls too.
            $json = ConvertTo-Json -InputObject $state -Depth 10
            [System.IO.File]::WriteAllText($statePath, $json, [System.Text.UTF8Encoding]::new($false))
        }
    } finally {
        $lock.Dispose()
    }
}

function Find-StandInVm($State, [string] $Id, [string] $Cmdlet) {
    foreach ($vm in $State.vms) { if ($vm.id.Equals($Id, [StringComparison]::OrdinalIgnoreCase)) { return $vm } }
    throw (New-StandInError "Hyper-V was unable to find a virtual machine with ID `"$Id`"." "ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.$Cmdlet" ObjectNotFound $Id)
}

function ConvertTo-StandInVm($Vm) {
    $now = Get-StandInNow
    $booted = $Vm.state -eq 'Running' -and $now -ge ([long]$Vm.startedAt + [long]$Vm.bootMs)
    $heartbeat = $null
    if ($Vm.state -eq 'Running') { $heartbeat = if ($booted) { 'OkApplicationsHealthy' } else { 'NoContact' } }
    [pscustomobject]@{
        PSTypeName                  = 'Microsoft.HyperV.PowerShell.VirtualMachine'
        Id                          = [guid]$Vm.id
        VMId                        = [guid]$Vm.id
        Name                        = $Vm.name
        State                       = $Vm.state
        Heartbeat                   = $heartbeat
        Notes                       = $Vm.notes
        CreationTime                = [DateTimeOffset]::FromUnixTimeMilliseconds([long]$Vm.createdAt).UtcDateTime
        Generation                  = $Vm.generation
        MemoryStartup               = [long]$Vm.memoryBytes
        ProcessorCount              = [long]$Vm.processorCount
        AutomaticCheckpointsEnabled = [bool]$Vm.automaticCheckpoints
        Path                        = $Vm.path
        IsBooted                    = $booted
        CPUUsage                    = [int]$(if ($Vm.state -eq 'Running' -and $Vm.ContainsKey('cpuPercent')) { [math]::Round([double]$Vm.cpuPercent) } else { 0 })
        MemoryAssigned              = [long]$(if ($Vm.state -eq 'Running') { $Vm.memoryBytes } else { 0 })
        MemoryDemand                = [long]$(if ($Vm.state -eq 'Running' -and $Vm.ContainsKey('memoryDemand')) { $Vm.memoryDemand } else { 0 })
    }
}

function Get-StandInCounterSamples {
    # What Get-Counter reads on a Hyper-V host for the running VMs: one '% Guest Run Time' per virtual processor (the
    # VM's cpuPercent, spread +/- 10 over its processors so only their mean is the VM's) and one network adapter each.
    $vms = Use-StandInState { param($s) @($s.vms) }
    foreach ($vm in $vms) {
        if ($vm.state -ne 'Running') { continue }
        $name = ([string]$vm.name).ToLowerInvariant()
        $cpu = if ($vm.ContainsKey('cpuPercent')) { [double]$vm.cpuPercent } else { 0.0 }
        $count = [int]$vm.processorCount
        for ($i = 0; $i -lt $count; $i++) {
            $spread = if ($count -gt 1) { 10.0 * (2.0 * $i / ($count - 1) - 1.0) } else { 0.0 }
            $instance = "${name}:hv vp $i"
            [pscustomobject]@{ Path = "\\standin\hyper-v hypervisor virtual processor($instance)\% guest run time"; InstanceName = $instance; CookedValue = $cpu + $spread }
        }
        $adapter = "${name}_network adapter_" + ([string]$vm.id).ToLowerInvariant() + '--' + ([string]$vm.id).ToLowerInvariant()
        foreach ($counter in @(@('bytes received/sec', 'rxBytesPerSec'), @('bytes sent/sec', 'txBytesPerSec'))) {
            $value = if ($vm.ContainsKey($counter[1])) { [double]$vm[$counter[1]] } else { 0.0 }
            [pscustomobject]@{ Path = "\\standin\hyper-v virtual network adapter($adapter)\" + $counter[0]; InstanceName = $adapter; CookedValue = $value }
        }
    }
}

function Get-VMIdFrom($VM) {
    if ($VM -is [string] -or $VM -is [guid]) { return [string]$VM }
    [string]$VM.Id
}

function Get-VM {
    [CmdletBinding(DefaultParameterSetName = 'Name')]
    param(
        [Parameter(ParameterSetName = 'Name', Position = 0)] [string[]] $Name,
        [Parameter(ParameterSetName = 'Id', Mandatory = $true)] [guid] $Id
    )
    $vms = Use-StandInState { param($s) @($s.vms) }
    if ($PSCmdlet.ParameterSetName -eq 'Id') {
        foreach ($vm in $vms) { if ($vm.id -eq $Id.ToString()) { return (ConvertTo-StandInVm $vm) } }
        throw (New-StandInError "Hyper-V was unable to find a virtual machine with ID `"$Id`"." 'ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.GetVM' ObjectNotFound $Id)
    }
    if (-not $Name) { foreach ($vm in $vms) { ConvertTo-StandInVm $vm }; return }
    foreach ($n in $Name) {
        $found = @($vms | Where-Object { $_.name -ceq $n })
        if ($found.Count -eq 0) {
            throw (New-StandInError "Hyper-V was unable to find a virtual machine with name `"$n`"." 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.GetVM' InvalidArgument $n)
        }
        foreach ($vm in $found) { ConvertTo-StandInVm $vm }
    }
}

function New-VM {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $Name,
        [int] $Generation = 1,
        [long] $MemoryStartupBytes = 1073741824,
        [string] $VHDPath,
        [string] $SwitchName,
        [string] $Path
    )
    Invoke-StandInHang 'New-VM'
    Use-StandInState {
        param($s)
        $s.newVmCalls = [int]$s.newVmCalls + 1
        if ($env:HYPERV_STANDIN_FAIL_NEW_VM) {
            $fail = @($env:HYPERV_STANDIN_FAIL_NEW_VM.Split(',') | ForEach-Object { [int]::Parse($_.Trim(), [Globalization.CultureInfo]::InvariantCulture) })
            if ($fail -contains $s.newVmCalls) {
                throw (New-StandInError "Failed to create a new virtual machine.`nAn unexpected error occurred: Catastrophic failure (0x8000FFFF)." 'Unspecified,Microsoft.HyperV.PowerShell.Commands.NewVM' NotSpecified $Name)
            }
        }
        if ($SwitchName) {
            $switches = if ($env:HYPERV_STANDIN_SWITCHES) { $env:HYPERV_STANDIN_SWITCHES.Split(',') } else { @('Default Switch') }
            if ($switches -cnotcontains $SwitchName) {
                throw (New-StandInError "Hyper-V was unable to find a virtual switch with name `"$SwitchName`"." 'ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.NewVM' ObjectNotFound $SwitchName)
            }
        }
        if ($VHDPath -and -not (Test-Path -LiteralPath $VHDPath)) {
            throw (New-StandInError "Failed to add device 'Virtual Hard Disk'.`nThe system cannot find the file specified. (0x80070002)." 'ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.NewVM' ObjectNotFound $VHDPath)
        }
        $ip = [int]$s.nextIp
        $s.nextIp = $ip + 1
        $vm = @{
            id = [guid]::NewGuid().ToString(); name = $Name; state = 'Off'; notes = ''; generation = $Generation
            memoryBytes = $MemoryStartupBytes; processorCount = 1; automaticCheckpoints = $true; path = $Path
            switchName = $SwitchName; createdAt = (Get-StandInNow); startedAt = 0; bootMs = 0
            ip = [string]::Format([Globalization.CultureInfo]::InvariantCulture, '10.20.{0}.{1}', [math]::Floor($ip / 250), ($ip % 250) + 1)
            drives = @(if ($VHDPath) { $VHDPath })
        }
        $s.vms.Add($vm)
        ConvertTo-StandInVm $vm
    }
}

function Set-VM {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM, [string] $Notes, [Nullable[bool]] $AutomaticCheckpointsEnabled)
    $id = Get-VMIdFrom $VM
    $hasNotes = $PSBoundParameters.ContainsKey('Notes')
    $null = Use-StandInState {
        param($s)
        $vm = Find-StandInVm $s $id 'SetVM'
        if ($hasNotes) { $vm.notes = $Notes }
        if ($null -ne $AutomaticCheckpointsEnabled) { $vm.automaticCheckpoints = [bool]$AutomaticCheckpointsEnabled }
    }
}

function Set-VMProcessor {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM, [long] $Count)
    $id = Get-VMIdFrom $VM
    $null = Use-StandInState {
        param($s)
        $vm = Find-StandInVm $s $id 'SetVMProcessor'
        if ($vm.state -ne 'Off') {
            throw (New-StandInError 'The operation cannot be performed while the virtual machine is in its current state.' 'InvalidState,Microsoft.HyperV.PowerShell.Commands.SetVMProcessor' InvalidOperation $id)
        }
        $vm.processorCount = $Count
    }
}

function Set-VMMemory {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM, [long] $StartupBytes, [Nullable[bool]] $DynamicMemoryEnabled)
    $id = Get-VMIdFrom $VM
    $null = Use-StandInState {
        param($s)
        $vm = Find-StandInVm $s $id 'SetVMMemory'
        if ($StartupBytes -gt 0) { $vm.memoryBytes = $StartupBytes }
    }
}

function Set-VMFirmware {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM, $FirstBootDevice)
    $id = Get-VMIdFrom $VM
    $null = Use-StandInState { param($s) $null = Find-StandInVm $s $id 'SetVMFirmware' }
}

function Start-VM {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM)
    Invoke-StandInHang 'Start-VM'
    $id = Get-VMIdFrom $VM
    $null = Use-StandInState {
        param($s)
        $vm = Find-StandInVm $s $id 'StartVM'
        if ($vm.state -ne 'Off') {
            throw (New-StandInError "'$($vm.name)' failed to change state.`nThe operation cannot be performed while the object is in its current state." 'InvalidState,Microsoft.HyperV.PowerShell.Commands.StartVM' InvalidOperation $id)
        }
        $total = [long]68719476736
        if ($env:HYPERV_STANDIN_HOST_MEMORY_BYTES) { $total = [long]::Parse($env:HYPERV_STANDIN_HOST_MEMORY_BYTES, [Globalization.CultureInfo]::InvariantCulture) }
        $used = [long]0
        foreach ($other in $s.vms) { if ($other.state -eq 'Running') { $used += [long]$other.memoryBytes } }
        if ($used + [long]$vm.memoryBytes -gt $total) {
            $n = $vm.name; $mb = [long]$vm.memoryBytes / 1MB
            throw (New-StandInError ("'$n' failed to start.`nNot enough memory in the system to start the virtual machine $n.`nCould not initialize memory: Not enough memory resources are available to complete this operation. (0x8007000E).`n'$n' failed to start. (Virtual machine ID $($vm.id.ToUpperInvariant()))`nNot enough memory in the system to start the virtual machine $n with ram size $mb megabytes. (Virtual machine ID $($vm.id.ToUpperInvariant()))") 'OutOfMemory,Microsoft.HyperV.PowerShell.Commands.StartVM' ResourceUnavailable $id)
        }
        $boot = 1.0
        if ($env:HYPERV_STANDIN_BOOT_SECONDS) { $boot = [double]::Parse($env:HYPERV_STANDIN_BOOT_SECONDS, [Globalization.CultureInfo]::InvariantCulture) }
        $vm.state = 'Running'
        $vm.startedAt = Get-StandInNow
        $vm.bootMs = [long]($boot * 1000)
    }
}

function Stop-VM {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM, [switch] $TurnOff, [switch] $Force)
    Invoke-StandInHang 'Stop-VM'
    $id = Get-VMIdFrom $VM
    $null = Use-StandInState {
        param($s)
        $vm = Find-StandInVm $s $id 'StopVM'
        $vm.state = 'Off'
        $vm.startedAt = 0
    }
}

function Remove-VM {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM, [switch] $Force)
    $id = Get-VMIdFrom $VM
    $null = Use-StandInState {
        param($s)
        $vm = Find-StandInVm $s $id 'RemoveVM'
        if ($vm.state -ne 'Off') {
            throw (New-StandInError 'The operation cannot be performed while the virtual machine is in its current state.' 'InvalidState,Microsoft.HyperV.PowerShell.Commands.RemoveVM' InvalidOperation $id)
        }
        $null = $s.vms.Remove($vm)
    }
}

function Get-VMNetworkAdapter {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM)
    $id = Get-VMIdFrom $VM
    $vm = Use-StandInState { param($s) Find-StandInVm $s $id 'GetVMNetworkAdapter' }
    $view = ConvertTo-StandInVm $vm
    [pscustomobject]@{
        PSTypeName  = 'Microsoft.HyperV.PowerShell.VMNetworkAdapter'
        VMId        = [guid]$vm.id
        VMName      = $vm.name
        SwitchName  = $vm.switchName
        IPAddresses = [string[]]@(if ($view.IsBooted) { $vm.ip; ('fe80::20:' + [string]$vm.ip.Split('.')[3]) })
    }
}

function Get-VMHardDiskDrive {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM)
    $id = Get-VMIdFrom $VM
    $vm = Use-StandInState { param($s) Find-StandInVm $s $id 'GetVMHardDiskDrive' }
    $i = 0
    foreach ($path in @($vm.drives)) {
        [pscustomobject]@{ PSTypeName = 'Microsoft.HyperV.PowerShell.HardDiskDrive'; VMId = [guid]$vm.id; VMName = $vm.name; Path = $path; ControllerType = 'SCSI'; ControllerNumber = 0; ControllerLocation = $i }
        $i++
    }
}

function Add-VMHardDiskDrive {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VM, [Parameter(Mandatory = $true)] [string] $Path, [switch] $Passthru)
    $id = Get-VMIdFrom $VM
    $vm = Use-StandInState {
        param($s)
        $vm = Find-StandInVm $s $id 'AddVMHardDiskDrive'
        $vm.drives = @(@($vm.drives) + $Path)
        $vm
    }
    if ($Passthru) { [pscustomobject]@{ VMId = [guid]$vm.id; VMName = $vm.name; Path = $Path; ControllerType = 'SCSI'; ControllerNumber = 0; ControllerLocation = @($vm.drives).Count - 1 } }
}

function Remove-VMHardDiskDrive {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, ValueFromPipeline = $true)] $VMHardDiskDrive)
    $id = [string]$VMHardDiskDrive.VMId
    $path = [string]$VMHardDiskDrive.Path
    $null = Use-StandInState {
        param($s)
        $vm = Find-StandInVm $s $id 'RemoveVMHardDiskDrive'
        if ($vm.state -ne 'Off') {
            throw (New-StandInError 'The operation cannot be performed while the virtual machine is in its current state.' 'InvalidState,Microsoft.HyperV.PowerShell.Commands.RemoveVMHardDiskDrive' InvalidOperation $id)
        }
        $vm.drives = @(@($vm.drives) | Where-Object { $_ -ne $path })
    }
}

function New-VHD {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path, [string] $ParentPath, [switch] $Differencing)
    if (-not $Differencing -or -not $ParentPath) { throw 'Hyper-V stand-in: only New-VHD -Differencing -ParentPath is simulated.' }
    if (-not (Test-Path -LiteralPath $ParentPath -PathType Leaf)) {
        throw (New-StandInError "Failed to create the virtual hard disk.`nThe system cannot find the file specified. (0x80070002)." 'ObjectNotFound,Microsoft.Vhd.PowerShell.Cmdlets.NewVhd' ObjectNotFound $ParentPath)
    }
    if (Test-Path -LiteralPath $Path) {
        throw (New-StandInError "Failed to create the virtual hard disk.`nThe file exists. (0x80070050)." 'InvalidParameter,Microsoft.Vhd.PowerShell.Cmdlets.NewVhd' InvalidArgument $Path)
    }
    $content = ConvertTo-Json -Compress -InputObject ([ordered]@{ vhdType = 'Differencing'; parentPath = $ParentPath })
    [System.IO.File]::WriteAllText($Path, $content, [System.Text.UTF8Encoding]::new($false))
    [pscustomobject]@{ Path = $Path; ParentPath = $ParentPath; VhdType = 'Differencing' }
}

function Get-VHD {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)] [string] $Path)
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
        throw (New-StandInError "Getting the mounted storage instance for the path '$Path' failed.`nThe system cannot find the file specified." 'ObjectNotFound,Microsoft.Vhd.PowerShell.Cmdlets.GetVHD' ObjectNotFound $Path)
    }
    $vhd = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($Path))
    [pscustomobject]@{ Path = $Path; ParentPath = $vhd.parentPath; VhdType = $vhd.vhdType }
}

<#
.SYNOPSIS
Reads the host's measurements of a scale set's VMs (request {scaleSet}): CPU, memory assigned and demanded, network bytes per second.
.DESCRIPTION
Shipped with ScaleSets.HyperV and run by its HyperVHostMetricSource, once per poll for the whole set, as
  pwsh -NoProfile -NonInteractive -File Get-ScaleSetVMMetrics.ps1 [<RequestBase64>]
The request is UTF-8 JSON in Base64 on standard input (or as the first argument), so nothing from it is ever parsed as
PowerShell. CPU is the hypervisor's: the mean over the VM's virtual processors of
'\Hyper-V Hypervisor Virtual Processor(<vm>:Hv VP <n>)\% Guest Run Time', falling back to Get-VM's CPUUsage when the
counters cannot be read; network is the sum over the VM's adapters of '\Hyper-V Virtual Network Adapter(<vm>_...)\Bytes
Received/sec' and '\Bytes Sent/sec'. Get-Counter samples once over one second, so a run takes a second or more.
Only module-qualified cmdlets are called (Hyper-V\Get-VM, Microsoft.PowerShell.Diagnostics\Get-Counter).
Output: one line of JSON on stdout. Exit code 0: an array with one item per running VM of the set
({key: vm id, ok: true, metrics: {...}}) and, when counters could not be read, an item {key: "counters", ok: false,
error}. Exit code 2: the request could not be read; 3: the Hyper-V module is missing; 4: the whole call failed.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string] $RequestBase64
)

#include ScaleSetCommon.ps1

function Get-ScaleSetCounterKey([string] $Path) {
    # \\host\hyper-v hypervisor virtual processor(web_1:hv vp 0)\% guest run time -> '% guest run time'
    $at = $Path.LastIndexOf('\')
    if ($at -lt 0) { return $Path.ToLowerInvariant() }
    $Path.Substring($at + 1).ToLowerInvariant()
}

try {
    $owned = @()
    foreach ($vm in @(Hyper-V\Get-VM)) {
        $owner = Get-ScaleSetOwner $vm
        if ($owner -and ([string]$owner.scaleSet).Equals([string]$request.scaleSet, [System.StringComparison]::Ordinal) -and
            ([string]$vm.State).Equals('Running', [System.StringComparison]::Ordinal)) {
            $owned += $vm
        }
    }

    $results = @()
    $samples = @()
    if ($owned.Count -gt 0) {
        $paths = @(
            '\Hyper-V Hypervisor Virtual Processor(*)\% Guest Run Time',
            '\Hyper-V Virtual Network Adapter(*)\Bytes Received/sec',
            '\Hyper-V Virtual Network Adapter(*)\Bytes Sent/sec')
        $counterErrors = @()
        try {
            $set = Microsoft.PowerShell.Diagnostics\Get-Counter -Counter $paths -MaxSamples 1 -ErrorAction SilentlyContinue -ErrorVariable counterErrors
            if ($set) { $samples = @($set | ForEach-Object { $_.CounterSamples }) }
        } catch {
            $counterErrors = @($_)
        }
        if ($counterErrors.Count -gt 0) {
            $results += [ordered]@{ key = 'counters'; ok = $false; error = (ConvertTo-ScaleSetError $counterErrors[0]) }
        }
    }

    foreach ($vm in $owned) {
        $name = ([string]$vm.Name).ToLowerInvariant()
        $cpu = @(); $received = $null; $sent = $null
        foreach ($sample in $samples) {
            $instance = ([string]$sample.InstanceName).ToLowerInvariant()
            $counter = Get-ScaleSetCounterKey ([string]$sample.Path)
            $value = [double]$sample.CookedValue
            if ($counter -eq '% guest run time' -and $instance.StartsWith($name + ':', [System.StringComparison]::Ordinal)) {
                $cpu += $value
            } elseif ($instance.StartsWith($name + '_', [System.StringComparison]::Ordinal)) {
                if ($counter -eq 'bytes received/sec') { $received = [double]$received + $value }
                elseif ($counter -eq 'bytes sent/sec') { $sent = [double]$sent + $value }
            }
        }
        $guestRunTime = $null
        if ($cpu.Count -gt 0) { $guestRunTime = ($cpu | Measure-Object -Average).Average }
        $results += [ordered]@{
            key     = ([string]$vm.Id).ToLowerInvariant()
            ok      = $true
            metrics = [ordered]@{
                name                = [string]$vm.Name
                cpuUsage            = [double]$vm.CPUUsage
                guestRunTime        = $guestRunTime
                memoryAssigned      = [double]$vm.MemoryAssigned
                memoryDemand        = [double]$vm.MemoryDemand
                bytesReceivedPerSec = $received
                bytesSentPerSec     = $sent
            }
        }
    }
    Write-ScaleSetJson @($results)
} catch {
    Exit-ScaleSetFailure $_ 4
}

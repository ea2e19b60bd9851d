<#
.SYNOPSIS
Starts, stops (guest shutdown) or restarts (turn off, start) VMs (request {scaleSet, action, ids:[{key,id}]}).
.DESCRIPTION
Shipped with ScaleSets.HyperV and run by its HyperVComputeProvider as
  pwsh -NoProfile -NonInteractive -File Set-ScaleSetVMPower.ps1 <RequestBase64>
(or powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File ...). The request is UTF-8 JSON in Base64 on standard input (or as the first argument), so
names and notes reach Hyper-V as literal data whatever quotes, $(...), semicolons or non-ASCII letters they hold: nothing
from the request is ever parsed as PowerShell. Only module-qualified cmdlets (Hyper-V\Get-VM) are called, since other
modules (VMware PowerCLI) also define Get-VM. Runs on Windows PowerShell 5.1 and PowerShell 7.
Output: one line of JSON on stdout. Exit code 0: an array with one result per item, each ok or failed on its own.
Exit code 2: the request could not be read; 3: the Hyper-V module is missing; 4: the whole call failed. On a non-zero
exit the line is {"error":{"message","id","category"}}.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string] $RequestBase64
)

#include ScaleSetCommon.ps1

try {
    $action = [string]$request.action
    if ('Start', 'Stop', 'Restart' -cnotcontains $action) {
        Exit-ScaleSetFailure (New-ScaleSetErrorRecord ("Unknown action '" + $action + "'; expected Start, Stop or Restart.") 'ScaleSetBadRequest' ([System.Management.Automation.ErrorCategory]::InvalidArgument) $action) 2
    }
    $results = @()
    foreach ($item in @($request.ids)) {
        try {
            $vm = Get-ScaleSetVmById ([string]$item.id)
            if (-not $vm) {
                throw (New-ScaleSetErrorRecord ("Hyper-V was unable to find a virtual machine with ID `"" + [string]$item.id + "`".") 'ObjectNotFound' ([System.Management.Automation.ErrorCategory]::ObjectNotFound) $item.id)
            }
            $null = Assert-ScaleSetOwner $vm ([string]$request.scaleSet)
            $state = [string]$vm.State
            if ($action -eq 'Stop') {
                if ($state -ne 'Off') { Hyper-V\Stop-VM -VM $vm -Force }
            } else {
                if ($action -eq 'Restart') { Stop-ScaleSetVmHard $vm }
                elseif ($state -eq 'Running') { $results += [ordered]@{ key = [string]$item.key; ok = $true; vm = (ConvertTo-ScaleSetVmRecord $vm) }; continue }
                Hyper-V\Start-VM -VM $vm
            }
            $results += [ordered]@{ key = [string]$item.key; ok = $true; vm = (ConvertTo-ScaleSetVmRecord (Hyper-V\Get-VM -Id $vm.Id)) }
        } catch {
            $results += [ordered]@{ key = [string]$item.key; ok = $false; error = (ConvertTo-ScaleSetError $_) }
        }
    }
    Write-ScaleSetJson @($results)
} catch {
    Exit-ScaleSetFailure $_ 4
}

<#
.SYNOPSIS
Creates VMs from a golden VHDX through differencing disks, sizes them, records their owner in Notes and starts them (request {scaleSet, items:[{key,name,token,zone,modelVersion,parentPath,diskPath,vmPath,generation,memoryBytes,processorCount,switchName,tags}]}).
.DESCRIPTION
Shipped with ScaleSets.HyperV and run by its HyperVComputeProvider as
  pwsh -NoProfile -NonInteractive -File New-ScaleSetVM.ps1 <RequestBase64>
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
    $all = @(Hyper-V\Get-VM)
    $owned = @(Get-ScaleSetOwnedVms $all)
    $results = @()
    foreach ($item in @($request.items)) {
        $vm = $null
        $diskMade = $false
        try {
            # Idempotent on the instance name and the client token: a retried create returns the VM made before.
            $existing = $null
            foreach ($o in $owned) {
                if (([string]$o.Owner.scaleSet).Equals([string]$request.scaleSet, [System.StringComparison]::Ordinal) -and
                    (([string]$o.Owner.name).Equals([string]$item.name, [System.StringComparison]::Ordinal) -or
                     ([string]$o.Owner.token).Equals([string]$item.token, [System.StringComparison]::Ordinal))) {
                    $existing = $o.Vm
                    break
                }
            }
            if ($existing) {
                $results += [ordered]@{ key = [string]$item.key; ok = $true; existing = $true; vm = (ConvertTo-ScaleSetVmRecord (Hyper-V\Get-VM -Id $existing.Id)) }
                continue
            }

            $stamp = Assert-ScaleSetParentUsable ([string]$item.parentPath) $all $owned $null
            $diskPath = [string]$item.diskPath
            if (Test-Path -LiteralPath $diskPath) {
                foreach ($other in $all) {
                    foreach ($drive in @(Hyper-V\Get-VMHardDiskDrive -VM $other)) {
                        if (Test-ScaleSetSamePath ([string]$drive.Path) $diskPath) {
                            throw (New-ScaleSetErrorRecord ("The disk '" + $diskPath + "' already belongs to the virtual machine '" + [string]$other.Name + "' (ID " + [string]$other.Id + ").") 'DiskInUse' ([System.Management.Automation.ErrorCategory]::ResourceExists) $diskPath)
                        }
                    }
                }
                # Left behind by a create that was interrupted before its VM existed.
                Remove-Item -LiteralPath $diskPath -Force
            }

            $null = Hyper-V\New-VHD -Differencing -ParentPath ([string]$item.parentPath) -Path $diskPath
            $diskMade = $true
            $newVm = @{ Name = [string]$item.name; Generation = [int16]$item.generation; MemoryStartupBytes = [int64]$item.memoryBytes; VHDPath = $diskPath }
            if ($item.switchName) { $newVm['SwitchName'] = [string]$item.switchName }
            if ($item.vmPath) { $newVm['Path'] = [string]$item.vmPath }
            $vm = Hyper-V\New-VM @newVm
            # Notes first, so a VM left by an interrupted call is still listed as the scale set's and can be cleaned up.
            Hyper-V\Set-VM -VM $vm -Notes (New-ScaleSetNotes $request $item $stamp $diskPath) -AutomaticCheckpointsEnabled $false
            Hyper-V\Set-VMProcessor -VM $vm -Count ([int64]$item.processorCount)
            Hyper-V\Set-VMMemory -VM $vm -DynamicMemoryEnabled $false -StartupBytes ([int64]$item.memoryBytes)
            Hyper-V\Start-VM -VM $vm
            $results += [ordered]@{ key = [string]$item.key; ok = $true; vm = (ConvertTo-ScaleSetVmRecord (Hyper-V\Get-VM -Id $vm.Id)) }
        } catch {
            $failure = ConvertTo-ScaleSetError $_
            $cleanup = $null
            try {
                if ($vm) {
                    $current = Get-ScaleSetVmById ([string]$vm.Id)
                    if ($current) {
                        Stop-ScaleSetVmHard $current
                        Hyper-V\Remove-VM -VM $current -Force
                    }
                }
                if ($diskMade -and (Test-Path -LiteralPath $diskPath)) { Remove-Item -LiteralPath $diskPath -Force }
            } catch {
                $cleanup = ConvertTo-ScaleSetError $_
            }
            $results += [ordered]@{ key = [string]$item.key; ok = $false; error = $failure; cleanupError = $cleanup }
        }
    }
    Write-ScaleSetJson @($results)
} catch {
    Exit-ScaleSetFailure $_ 4
}

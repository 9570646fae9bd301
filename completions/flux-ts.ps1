# powershell completion for flux-ts
# Load it now:        flux-ts completion powershell | Out-String | Invoke-Expression
# Or for every shell: add that line to your $PROFILE

Register-ArgumentCompleter -Native -CommandName 'flux-ts' -ScriptBlock {
    param($WordToComplete, $CommandAst, $CursorPosition)
    # The words up to the cursor, without the program; an empty last word when the cursor
    # follows a space.
    $elements = @($CommandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $CursorPosition } | ForEach-Object { $_.Extent.Text })
    $program = $elements[0]
    $words = @($elements | Select-Object -Skip 1)
    if ($WordToComplete -eq '') { $words += '' }
    # Before PowerShell 7.3 (Legacy argument passing) an empty argument is dropped unless quoted.
    if ($words.Count -gt 0 -and $words[-1] -eq '' -and ($null -eq $PSNativeCommandArgumentPassing -or $PSNativeCommandArgumentPassing -eq 'Legacy')) { $words[-1] = '""' }
    $out = @(& $program __complete -- @words 2>$null)
    if ($out.Count -eq 0) { return }
    $directive = $out[-1] -replace '^:', ''
    $candidates = @($out | Select-Object -First ($out.Count - 1) | Where-Object { $_ -ne '' })
    # Directive 0 with no candidates: return nothing, so PowerShell completes file names.
    if ($candidates.Count -eq 0 -and $directive -eq '0') { return }
    foreach ($candidate in $candidates) {
        [System.Management.Automation.CompletionResult]::new($candidate, $candidate, 'ParameterValue', $candidate)
    }
}

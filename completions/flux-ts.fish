# fish completion for flux-ts
# Load it now:      flux-ts completion fish | source
# Or for every shell: flux-ts completion fish > ~/.config/fish/completions/flux-ts.fish

function __flux_ts_complete
    set -l args (commandline -opc)
    set -e args[1]
    set -l cur (commandline -ct)
    flux-ts __complete -- $args "$cur" 2>/dev/null | string match -v -r '^:[0-9]+$'
end

complete -c flux-ts -f -a '(__flux_ts_complete)'

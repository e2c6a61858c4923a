/// The bash script: bash-completion's `_filedir` for paths when it is loaded, `compgen` otherwise.
extension CompletionScripts {
    static func bash(_ model: CompletionModel) -> String {
        var spec = ""
        for node in model.nodes {
            spec += "        \(quoted(node.key))) "
            if node.isCommand {
                spec += "_cc_command=1 _cc_options=\(quoted(node.options.map(\.token).joined(separator: " ")))"
                spec += " _cc_arguments=\(quoted(node.arguments.joined(separator: " ")))"
                if !node.mode.isEmpty {
                    spec += " _cc_mode=\(quoted(node.mode.joined(separator: " "))) _cc_mode_only=\(quoted(node.modeOnly.joined(separator: " ")))"
                    spec += " _cc_mode_not=\(quoted(node.modeNot.joined(separator: " ")))"
                    spec += " _cc_mode_arguments=\(quoted(node.modeArguments.joined(separator: " ")))"
                }
                if !node.either.isEmpty { spec += " _cc_either=\(quoted(node.either.joined(separator: " ")))" }
            } else {
                spec += "_cc_words=\(quoted(node.words.map(\.word).joined(separator: " ")))"
            }
            spec += " ;;\n"
        }
        let globals = quoted(model.globalOptions.map(\.token).joined(separator: " "))
        return #"""
            # bash completion for campaignchat                          -*- shell-script -*-
            \#(comment(.bash))
            #
            # Install: save as ~/.local/share/bash-completion/completions/campaignchat
            # (bash-completion loads it on first use), or source it from ~/.bashrc.

            # The command table. For a command path: the words that may follow it (a group), or
            # its options (--name=KIND when it takes a value) and the kinds of its arguments in
            # order (a command; KIND... repeats), for a command of two forms its mode option, the
            # options only with it, those not with it, and the arguments with it, and a pair of
            # options of which one is given. Returns 1 for a path that is not in the table.
            __campaignchat_spec() {
                _cc_command= _cc_words= _cc_options= _cc_arguments=
                _cc_mode= _cc_mode_only= _cc_mode_not= _cc_mode_arguments= _cc_either=
                case $1 in
            \#(spec)        *) return 1 ;;
                esac
            }

            # The options every command takes, spelled like _cc_options.
            __campaignchat_global_options=\#(globals)

            # Sets _cc_kind to what option $1 takes; returns 1 when it takes no value (or is unknown).
            __campaignchat_option() {
                local entry IFS=$' \t\n'
                for entry in $__campaignchat_global_options $_cc_options; do
                    if [[ $entry == "$1="* ]]; then
                        _cc_kind=${entry#*=}
                        return 0
                    fi
                done
                return 1
            }

            # Sets the variable named $1 to the word $2 as the command will receive it: quotes and
            # backslashes removed, a leading ~/ expanded. Nothing is evaluated.
            __campaignchat_dequote() {
                local _dq_word=$2 _dq_out= _dq_quote= _dq_c _dq_i
                [[ $_dq_word == "~/"* ]] && _dq_word=$HOME/${_dq_word:2}
                for ((_dq_i = 0; _dq_i < ${#_dq_word}; _dq_i++)); do
                    _dq_c=${_dq_word:_dq_i:1}
                    if [[ -n $_dq_quote ]]; then
                        if [[ $_dq_c == "$_dq_quote" ]]; then
                            _dq_quote=
                        elif [[ $_dq_quote == '"' && $_dq_c == '\' ]]; then
                            ((++_dq_i))
                            _dq_out+=${_dq_word:_dq_i:1}
                        else
                            _dq_out+=$_dq_c
                        fi
                    elif [[ $_dq_c == [\"\'] ]]; then
                        _dq_quote=$_dq_c
                    elif [[ $_dq_c == '\' ]]; then
                        ((++_dq_i))
                        _dq_out+=${_dq_word:_dq_i:1}
                    else
                        _dq_out+=$_dq_c
                    fi
                done
                printf -v "$1" %s "$_dq_out"
            }

            # Notes an option given on the line with its value ($2): --db and --as are passed on to
            # __complete, and an option that takes a campaign names the campaign.
            __campaignchat_given() {
                local value
                __campaignchat_dequote value "$2"
                if [[ $1 == --db || $1 == --as ]]; then
                    _cc_context+=("$1" "$value")
                fi
                if __campaignchat_option "$1" && [[ $_cc_kind == campaign ]]; then
                    campaign=$value
                fi
                return 0
            }

            # The database's values, one per line: campaign, group CAMPAIGN, creator [CAMPAIGN].
            __campaignchat_query() {
                command campaignchat "${_cc_context[@]}" __complete -- "$@" 2>/dev/null
            }

            # Adds to COMPREPLY the lines of $1 that start with the word being completed, quoted for the line.
            __campaignchat_reply() {
                local value quoted prefix
                __campaignchat_dequote prefix "$cur"
                while IFS= read -r value; do
                    [[ -n $value && $value == "$prefix"* ]] || continue
                    if [[ $cur == [\"\']* ]]; then
                        COMPREPLY+=("$value")
                    else
                        printf -v quoted %q "$value"
                        COMPREPLY+=("$quoted")
                    fi
                done <<<"$1"
            }

            # Completes a value of kind $1; $2 is the campaign given earlier on the line, if any.
            __campaignchat_values() {
                local kind=$1 campaign=$2
                case $kind in
                    choices:*) kind=${kind#choices:}; __campaignchat_reply "${kind//,/$'\n'}" ;;
                    campaign) __campaignchat_reply "$(__campaignchat_query campaign)" ;;
                    group) [[ -z $campaign ]] || __campaignchat_reply "$(__campaignchat_query group "$campaign")" ;;
                    creator) __campaignchat_reply "$(__campaignchat_query creator ${campaign:+"$campaign"})" ;;
                    any-creator) __campaignchat_reply "$(__campaignchat_query creator)" ;;
                    actor) __campaignchat_reply "brand"$'\n'"$(__campaignchat_query creator)" ;;
                    path)
                        if declare -F _filedir >/dev/null; then
                            _filedir
                        else
                            compopt -o filenames 2>/dev/null
                            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
                        fi
                        ;;
                esac
            }

            _campaignchat() {
                local cur word cc_path= command= help= ended= expect= campaign= given= hidden= moded= i
                local _cc_command _cc_words _cc_options _cc_arguments _cc_kind
                local _cc_mode _cc_mode_only _cc_mode_not _cc_mode_arguments _cc_either
                local -a words=() positionals=() arguments=() _cc_context=()
                local IFS=$' \t\n'
                COMPREPLY=()

                # The words up to the cursor, with `--opt` `=` `value` joined again (bash splits at =).
                local joined=
                for ((i = 1; i <= COMP_CWORD; i++)); do
                    word=${COMP_WORDS[i]}
                    if [[ -n $joined ]]; then
                        words[-1]+=$word
                        joined=
                    elif [[ $word == = && ${#words[@]} -gt 0 && ${words[-1]} == --?* && ${words[-1]} != *=* ]]; then
                        words[-1]+==
                        joined=1
                    else
                        words+=("$word")
                    fi
                done
                cur=${words[-1]}
                unset 'words[-1]'

                # Read the line like the parser: command words, then arguments; options anywhere.
                __campaignchat_spec ''
                for word in "${words[@]}"; do
                    if [[ -n $expect ]]; then
                        __campaignchat_given "$expect" "$word"
                        expect=
                    elif [[ -z $ended && $word == -- ]]; then
                        ended=1
                    elif [[ -z $ended && $word == -?* ]]; then
                        given+=" ${word%%=*}"
                        # -qf is -q -f, as the parser reads it.
                        [[ $word == -[!-]?* ]] && for ((i = 1; i < ${#word}; i++)); do given+=" -${word:i:1}"; done
                        if [[ $word == --?*=* ]]; then
                            __campaignchat_given "${word%%=*}" "${word#*=}"
                        elif __campaignchat_option "$word"; then
                            expect=$word
                        fi
                    elif [[ -z $command && -z $ended ]]; then
                        if [[ -z $cc_path && -z $help && $word == help ]]; then
                            help=1
                            continue
                        fi
                        __campaignchat_spec "${cc_path:+$cc_path }$word" || return 0
                        cc_path=${cc_path:+$cc_path }$word
                        [[ -z $_cc_command ]] || command=1
                    else
                        positionals+=("$word")
                    fi
                done

                # A command of two forms (HANDLE and TEXT, or --bulk FILE): the form the line has taken.
                for word in $_cc_mode; do [[ "$given " != *" $word "* ]] || moded=1; done
                if [[ -n $moded ]]; then
                    _cc_arguments=$_cc_mode_arguments
                    hidden="$_cc_mode_not $_cc_mode"
                elif [[ -n $_cc_mode ]]; then
                    hidden=$_cc_mode_only
                    arguments=($_cc_mode_arguments)
                    ((${#positionals[@]} <= ${#arguments[@]})) || hidden+=" $_cc_mode"
                    for word in $_cc_mode_not; do [[ "$given " != *" $word "* ]] || hidden+=" $_cc_mode"; done
                fi
                for word in $_cc_either; do [[ "$given " != *" $word "* ]] || hidden+=" $_cc_either"; done

                # The campaign given earlier on the line (as an argument, else an option), for groups and handles.
                if [[ -n $command ]]; then
                    arguments=($_cc_arguments)
                    for i in "${!arguments[@]}"; do
                        if [[ ${arguments[i]%...} == campaign && -n ${positionals[i]} ]]; then
                            __campaignchat_dequote campaign "${positionals[i]}"
                            break
                        fi
                    done
                fi

                if [[ -n $expect ]]; then
                    __campaignchat_option "$expect"
                    __campaignchat_values "$_cc_kind" "$campaign"
                elif [[ -z $ended && $cur == --*=* ]]; then
                    __campaignchat_option "${cur%%=*}" || return 0
                    local prefix=${cur%%=*}=
                    cur=${cur#*=}
                    __campaignchat_values "$_cc_kind" "$campaign"
                    # With = in COMP_WORDBREAKS bash replaces only the value; otherwise the whole word.
                    [[ $COMP_WORDBREAKS == *=* ]] || COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
                elif [[ -z $ended && $cur == -* ]]; then
                    local names=
                    for word in $__campaignchat_global_options $_cc_options; do
                        [[ " $hidden " == *" ${word%%=*} "* ]] || names+=" ${word%%=*}"
                    done
                    COMPREPLY=($(compgen -W "$names" -- "$cur"))
                elif [[ -z $command ]]; then
                    [[ -n $ended ]] || COMPREPLY=($(compgen -W "$_cc_words" -- "$cur"))
                elif [[ -z $help ]]; then
                    arguments=($_cc_arguments)
                    local count=${#positionals[@]} kind=
                    if ((count < ${#arguments[@]})); then
                        kind=${arguments[count]}
                    elif ((${#arguments[@]} > 0)) && [[ ${arguments[-1]} == *... ]]; then
                        kind=${arguments[-1]}
                    fi
                    [[ -z $kind ]] || __campaignchat_values "${kind%...}" "$campaign"
                fi
                return 0
            }

            complete -F _campaignchat campaignchat

            """#
    }
}

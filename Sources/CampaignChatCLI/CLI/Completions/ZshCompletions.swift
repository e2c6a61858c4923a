/// The zsh script: `_describe` for words and options with their abstracts, `_wanted` for values.
extension CompletionScripts {
    static func zsh(_ model: CompletionModel) -> String {
        var spec = ""
        for node in model.nodes {
            spec += "        (\(quoted(node.key)))\n"
            if node.isCommand {
                spec += "            _cc_command=1\n"
                spec += "            _cc_options=(\(node.options.map { quoted($0.token) }.joined(separator: " ")))\n"
                spec += "            _cc_option_help=(\(node.options.map { quoted(zshDescribed($0.name, $0.abstract)) }.joined(separator: " ")))\n"
                spec += "            _cc_arguments=(\(node.arguments.map(quoted).joined(separator: " ")))\n"
                if !node.mode.isEmpty {
                    spec += "            _cc_mode=(\(node.mode.map(quoted).joined(separator: " ")))\n"
                    spec += "            _cc_mode_only=(\(node.modeOnly.map(quoted).joined(separator: " ")))\n"
                    spec += "            _cc_mode_not=(\(node.modeNot.map(quoted).joined(separator: " ")))\n"
                    spec += "            _cc_mode_arguments=(\(node.modeArguments.map(quoted).joined(separator: " ")))\n"
                }
                if !node.either.isEmpty { spec += "            _cc_either=(\(node.either.map(quoted).joined(separator: " ")))\n" }
            } else {
                spec += "            _cc_words=(\(node.words.map { quoted(zshDescribed($0.word, $0.abstract)) }.joined(separator: " ")))\n"
            }
            spec += "            ;;\n"
        }
        let globals = model.globalOptions.map { quoted($0.token) }.joined(separator: " ")
        let globalHelp = model.globalOptions.map { quoted(zshDescribed($0.name, $0.abstract)) }.joined(separator: " ")
        return #"""
            #compdef campaignchat
            # zsh completion for campaignchat
            \#(comment(.zsh))
            #
            # Install: save as _campaignchat in a folder of $fpath before compinit runs, e.g.
            #   fpath=(~/.zfunc $fpath); autoload -U compinit; compinit
            # or source it after compinit.

            # The command table. For a command path: the words that may follow it, with their
            # abstracts (a group), or its options (--name=KIND when it takes a value) and the
            # kinds of its arguments in order (a command; KIND... repeats), for a command of two
            # forms its mode option, the options only with it, those not with it, and the
            # arguments with it, and a pair of options of which one is given. Returns 1 for a
            # path that is not in the table.
            __campaignchat_spec() {
                _cc_command= _cc_words=() _cc_options=() _cc_option_help=() _cc_arguments=()
                _cc_mode=() _cc_mode_only=() _cc_mode_not=() _cc_mode_arguments=() _cc_either=()
                case $1 in
            \#(spec)        (*) return 1 ;;
                esac
            }

            # Sets _cc_kind to what option $1 takes; returns 1 when it takes no value (or is unknown).
            __campaignchat_option() {
                local entry
                for entry in $_cc_global_options $_cc_options; do
                    if [[ $entry == "$1"=* ]]; then
                        _cc_kind=${entry#*=}
                        return 0
                    fi
                done
                return 1
            }

            # Sets REPLY to the word $1 as the command will receive it: quotes removed, a leading ~/ expanded.
            __campaignchat_dequote() {
                REPLY=${(Q)1}
                [[ $REPLY != '~/'* ]] || REPLY=$HOME/${REPLY#'~/'}
            }

            # Notes an option given on the line with its value ($2): --db and --as are passed on to
            # __complete, and an option that takes a campaign names the campaign.
            __campaignchat_given() {
                local REPLY
                __campaignchat_dequote $2
                if [[ $1 == --db || $1 == --as ]]; then
                    _cc_context+=($1 $REPLY)
                fi
                if __campaignchat_option $1 && [[ $_cc_kind == campaign ]]; then
                    campaign=$REPLY
                fi
                return 0
            }

            # The database's values (campaign, group CAMPAIGN, creator [CAMPAIGN]) into the array values.
            __campaignchat_query() {
                local tag=$1
                shift
                values=(${(f)"$(_call_program $tag campaignchat ${(q)_cc_context} __complete -- ${(q)argv} 2>/dev/null)"})
            }

            # Completes a value of kind $1; $2 is the campaign given earlier on the line, if any.
            __campaignchat_values() {
                local kind=$1 campaign=$2 expl
                local -a values
                case $kind in
                    (choices:*)
                        values=(${(s:,:)kind#choices:})
                        _wanted values expl value compadd -a values
                        ;;
                    (campaign)
                        __campaignchat_query campaigns campaign
                        _wanted campaigns expl campaign compadd -a values
                        ;;
                    (group)
                        [[ -n $campaign ]] || return 1
                        __campaignchat_query groups group $campaign
                        _wanted groups expl group compadd -a values
                        ;;
                    (creator|any-creator)
                        if [[ $kind == creator && -n $campaign ]]; then
                            __campaignchat_query handles creator $campaign
                        else
                            __campaignchat_query handles creator
                        fi
                        _wanted handles expl handle compadd -a values
                        ;;
                    (actor)
                        __campaignchat_query handles creator
                        values=(brand $values)
                        _wanted actors expl actor compadd -a values
                        ;;
                    (path)
                        _files
                        ;;
                    (*)
                        return 1
                        ;;
                esac
            }

            _campaignchat() {
                local word cc_path= command= help= ended= expect= campaign= i _cc_command _cc_kind moded REPLY
                local -a _cc_words _cc_options _cc_option_help _cc_arguments _cc_context positionals given hidden shown
                local -a _cc_mode _cc_mode_only _cc_mode_not _cc_mode_arguments _cc_either
                local -a _cc_global_options=(\#(globals))
                local -a _cc_global_help=(\#(globalHelp))

                # Read the line like the parser: command words, then arguments; options anywhere.
                __campaignchat_spec ''
                for word in "${(@)words[2,CURRENT-1]}"; do
                    if [[ -n $expect ]]; then
                        __campaignchat_given $expect $word
                        expect=
                    elif [[ -z $ended && $word == -- ]]; then
                        ended=1
                    elif [[ -z $ended && $word == -?* ]]; then
                        given+=(${word%%=*})
                        # -qf is -q -f, as the parser reads it.
                        [[ $word == -[^-]?* ]] && for (( i = 2; i <= $#word; i++ )); do given+=(-$word[i]); done
                        if [[ $word == --?*=* ]]; then
                            __campaignchat_given ${word%%=*} ${word#*=}
                        elif __campaignchat_option $word; then
                            expect=$word
                        fi
                    elif [[ -z $command && -z $ended ]]; then
                        if [[ -z $cc_path && -z $help && $word == help ]]; then
                            help=1
                            continue
                        fi
                        __campaignchat_spec "${cc_path:+$cc_path }$word" || return 1
                        cc_path=${cc_path:+$cc_path }$word
                        [[ -z $_cc_command ]] || command=1
                    else
                        positionals+=("$word")
                    fi
                done

                # A command of two forms (HANDLE and TEXT, or --bulk FILE): the form the line has taken.
                for word in $_cc_mode; do (( ! ${given[(Ie)$word]} )) || moded=1; done
                if [[ -n $moded ]]; then
                    _cc_arguments=($_cc_mode_arguments)
                    hidden=($_cc_mode_not $_cc_mode)
                elif (( $#_cc_mode )); then
                    hidden=($_cc_mode_only)
                    (( $#positionals <= $#_cc_mode_arguments )) || hidden+=($_cc_mode)
                    for word in $_cc_mode_not; do (( ! ${given[(Ie)$word]} )) || hidden+=($_cc_mode); done
                fi
                for word in $_cc_either; do (( ! ${given[(Ie)$word]} )) || hidden+=($_cc_either); done

                # The campaign given earlier on the line (as an argument, else an option), for groups and handles.
                if [[ -n $command ]]; then
                    for (( i = 1; i <= $#_cc_arguments; i++ )); do
                        if [[ ${_cc_arguments[i]%...} == campaign && -n $positionals[i] ]]; then
                            __campaignchat_dequote $positionals[i]
                            campaign=$REPLY
                            break
                        fi
                    done
                fi

                if [[ -n $expect ]]; then
                    __campaignchat_option $expect
                    __campaignchat_values $_cc_kind $campaign
                elif [[ -z $ended && $PREFIX == --*=* ]]; then
                    __campaignchat_option ${PREFIX%%=*} || return 1
                    compset -P '*='
                    __campaignchat_values $_cc_kind $campaign
                elif [[ -z $ended && $PREFIX == -* ]]; then
                    for word in $_cc_option_help; do
                        (( ${hidden[(Ie)${word%%:*}]} )) || shown+=($word)
                    done
                    _describe -t options option shown -- _cc_global_help
                elif [[ -z $command ]]; then
                    [[ -n $ended ]] || _describe -t commands 'campaignchat command' _cc_words
                elif [[ -z $help ]]; then
                    local kind=
                    if (( $#positionals < $#_cc_arguments )); then
                        kind=${_cc_arguments[$#positionals + 1]}
                    elif (( $#_cc_arguments )) && [[ $_cc_arguments[-1] == *... ]]; then
                        kind=$_cc_arguments[-1]
                    fi
                    [[ -n $kind ]] && __campaignchat_values ${kind%...} $campaign
                fi
            }

            if [[ $funcstack[1] == _campaignchat ]]; then
                _campaignchat "$@"
            else
                compdef _campaignchat campaignchat
            fi

            """#
    }

    /// `word:abstract` for `_describe`, with any colon in the word escaped.
    private static func zshDescribed(_ word: String, _ abstract: String) -> String {
        word.replacing(":", with: "\\:") + ":" + abstract
    }
}

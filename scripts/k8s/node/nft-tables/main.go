// nft-tables: lists the host's nftables tables, chains and rule counts, and deletes EMPTY tables.
// iptables-nft (Debian's iptables) creates a table the first time any rule touches it
// (kubelet and kube-proxy touch ip mangle, ip6 filter/nat/mangle) and never deletes it; the `nft`
// CLI that could is not installed on these hosts. scripts/k8s/node/down.sh uses
// `delete-if-empty` for the tables the host did not have before `up`, and the teardown check uses
// `list` to compare the host before and after. Built by scripts/k8s/node/build.sh.
//
//	nft-tables list                               family table chain rules (one line per chain)
//	nft-tables delete-if-empty FAMILY TABLE...    deletes each table that holds no rule
//	nft-tables delete-chain-if-empty FAMILY TABLE CHAIN...   deletes each chain that holds no rule
//	                                              (iptables-nft also creates base chains lazily)
//	nft-tables delete FAMILY TABLE...             deletes each table with its rules (absent: nothing),
//	                                              for tables that are ours by name (netpol.sh:
//	                                              inet kube-network-policies)
package main

import (
	"fmt"
	"os"
	"sort"

	"github.com/google/nftables"
)

var families = map[string]nftables.TableFamily{
	"ip": nftables.TableFamilyIPv4, "ip6": nftables.TableFamilyIPv6, "inet": nftables.TableFamilyINet,
	"arp": nftables.TableFamilyARP, "bridge": nftables.TableFamilyBridge, "netdev": nftables.TableFamilyNetdev,
}

func familyName(f nftables.TableFamily) string {
	for n, v := range families {
		if v == f {
			return n
		}
	}
	return fmt.Sprintf("family-%d", f)
}

func die(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "nft-tables: "+format+"\n", a...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 2 {
		die("usage: nft-tables list | delete-if-empty FAMILY TABLE...")
	}
	c, err := nftables.New()
	if err != nil {
		die("%v", err)
	}
	chains, err := c.ListChains()
	if err != nil {
		die("listing chains: %v", err)
	}
	rules := func(ch *nftables.Chain) int {
		r, err := c.GetRules(ch.Table, ch)
		if err != nil {
			die("listing the rules of %s %s %s: %v", familyName(ch.Table.Family), ch.Table.Name, ch.Name, err)
		}
		return len(r)
	}
	switch os.Args[1] {
	case "list":
		tables, err := c.ListTables()
		if err != nil {
			die("listing tables: %v", err)
		}
		var lines []string
		for _, t := range tables {
			n := 0
			for _, ch := range chains {
				if ch.Table.Family == t.Family && ch.Table.Name == t.Name {
					lines = append(lines, fmt.Sprintf("%s %s %s %d", familyName(t.Family), t.Name, ch.Name, rules(ch)))
					n++
				}
			}
			if n == 0 {
				lines = append(lines, fmt.Sprintf("%s %s - 0", familyName(t.Family), t.Name))
			}
		}
		sort.Strings(lines)
		for _, l := range lines {
			fmt.Println(l)
		}
	case "delete-if-empty", "delete":
		// delete-if-empty keeps a table that still holds rules (someone else's); delete removes ours by name.
		onlyEmpty := os.Args[1] == "delete-if-empty"
		if len(os.Args) < 4 {
			die("usage: nft-tables %s FAMILY TABLE...", os.Args[1])
		}
		fam, ok := families[os.Args[2]]
		if !ok {
			die("unknown family %q", os.Args[2])
		}
		for _, name := range os.Args[3:] {
			t, err := c.ListTableOfFamily(name, fam)
			if err != nil {
				continue // not there
			}
			if onlyEmpty {
				n := 0
				for _, ch := range chains {
					if ch.Table.Family == fam && ch.Table.Name == name {
						n += rules(ch)
					}
				}
				if n > 0 {
					fmt.Fprintf(os.Stderr, "nft-tables: %s %s holds %d rule(s): kept\n", os.Args[2], name, n)
					continue
				}
			}
			c.DelTable(t)
			if err := c.Flush(); err != nil {
				die("deleting %s %s: %v", os.Args[2], name, err)
			}
			if onlyEmpty {
				fmt.Printf("deleted empty table %s %s\n", os.Args[2], name)
			} else {
				fmt.Printf("deleted table %s %s\n", os.Args[2], name)
			}
		}
	case "delete-chain-if-empty":
		if len(os.Args) < 5 {
			die("usage: nft-tables delete-chain-if-empty FAMILY TABLE CHAIN...")
		}
		fam, ok := families[os.Args[2]]
		if !ok {
			die("unknown family %q", os.Args[2])
		}
		for _, name := range os.Args[4:] {
			for _, ch := range chains {
				if ch.Table.Family != fam || ch.Table.Name != os.Args[3] || ch.Name != name {
					continue
				}
				if n := rules(ch); n > 0 {
					fmt.Fprintf(os.Stderr, "nft-tables: %s %s %s holds %d rule(s): kept\n", os.Args[2], os.Args[3], name, n)
					continue
				}
				c.DelChain(ch)
				if err := c.Flush(); err != nil {
					die("deleting %s %s %s: %v", os.Args[2], os.Args[3], name, err)
				}
				fmt.Printf("deleted empty chain %s %s %s\n", os.Args[2], os.Args[3], name)
			}
		}
	default:
		die("unknown command %q", os.Args[1])
	}
}

//! RSA keys of uneven modulus lengths (2049, 2056, 2057, 3071 and 4097
//! bits, e = 65537 and e = 3) through the JWK path: PKCS#1 v1.5 and PSS
//! signatures made by OpenSSL (via Python `cryptography`, PSS salt length =
//! hash length) verify, and every corruption fails. 2049 and 2057 bits are
//! the PSS cases where emBits = modBits - 1 is a multiple of 8, so the
//! decrypted block starts with an extra zero octet.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use tokenward_core::{Algorithm, Error, Jwk};

const SIGNING_INPUT: &str = "eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJvZGQtbGVuZ3RoIn0";

/// `(alg, signature)` pairs over [`SIGNING_INPUT`], base64url.
type Signatures = &'static [(&'static str, &'static str)];

/// (modulus bits, n, e, signatures), all base64url.
const KEYS: &[(usize, &str, &str, Signatures)] = &[
    (
        2049,
        "AYcyBc5QrG0dPA2xXDD2x2hJdADMvXxvnRi0MdSipARJSE5UtFH51uNMbuzqcesRwygloUmtYNxTQO4W7yfhvSvXByjNqT33M21brH2ZRiXy2aP8NBtT15BCGKPrYRAXPaJ_VQ5CD6iqKFez45PQAoHTu5iE0IrrEd9cZC3W73qUMUhPBg1CS4Uw7OdjLleq6sl3mRvD52gtR9GlKUPpLh4-yhwluEPvoDtAomugsAjRcGrXb7IpuuU9r-_ylj6uAEgTFvRQkuegKojdZEdvBLlycVEOc6LDaR4c6c3eHi33kbAiTbEUh9ZJlhpbOJBPWow_YwLuS0DolEYXarTa6Uk",
        "AQAB",
        &[
            (
                "RS256",
                "AEOFh-NZRXi7vDla2D-uiLfID1YHL--VqvgnlNequbKmDvq2vJPCEweb1bq6Oz3Gk3hdoqj-I2RtuJTlt2YzhprQI2Fyzvw00mRV4BJ18MdPnRvGJWPwT6-lm8SYjLht2yEhDqTm4xvisY_QymyMu_qBsz3RK25I5DY3eKnx5JLrv_K3yUSkBkxZx2-Ltswru-5d8UWE1QQr-SCumZmTLUcZRl6W5nJ0thCGHYTq6RGO7bQaRwQ68dnYokDCxBJ7YxcFmsTvYUObJUHvxxr-xM-DGyp6mpWcZtJHIGDF5tY8lbaUUE4X4LSdBvQvLe4_gx9hLjFEEuszOC3TTH8ZNUM",
            ),
            (
                "RS512",
                "AIgi4hnuQkXWWK-nmC-LyomUwgNQqe3oyk820EKHbsrRXnS_NFIdrZ347LBClG2MDqDDFs12R-ifuqVQ2DkLDWeKRaR3Zp7iM-aJG8QVXLdn-N4M-9Ltgkw0BuPFNL1-Vp-bpv8yRPPhB-xlLT1BnoRaEbsOh4P0eFsUJ7Q_99OCCxRTUbiwYum7Z2i4RL5ArEYxYBH_fCOSNPOfDr1xoXJKYWtd9M6ZZlG3DAfG-F8qF3pHWb1r6-KEG6M0-L3PpLSy0cWPXASv1VLbDAJ9xkgzOvIEgCnu-RLzs7Rmg074Bbei2PQNeTx_BAELFT9kU67K_L3dRosXDsoopzQ8Q4Y",
            ),
            (
                "PS256",
                "AEW3yQfHpWuq6jWQ32AIFXylQakRwdfg00UT9fQFv4Zys89DaasE1eMpf7aHaSzXI47Kj4voyrWcr-mP0vThfa-u0jEL5gQDA_g1Pk0yZMYx6_89xMCfQx_a_XCCQbC2Rb8zxPZZbC4UCvyQt1iwG-Ru3HSIo86_pVG0-n_rL4yA4y4XbCCnejrc_3ymDlyH038yQ1LYB0jZwdFZ3PZWKkKC0fZ64qW0uin7lV_pc9OH1FfJlG6Do-7IwpoW3n-r7HYmc2-dJmF7audlXeWLvls--hOXd6_nmf_1YIduaqFsCr5OZ5onc6FIDZwUaernxSyis1HnjwJN97prCZJM5L4",
            ),
            (
                "PS384",
                "ABMWRRwPIr3MwZnCd65mQfr2hX1qayp5FPkjvYIx6ior9-MIzmk4Oybx0a-Bq1ljy56_0uM9j30n0I_Dqjgc7MuPj_JW5ia0QjnmOgcvJ3kFaSWEZ0v8IeNZCZGox2mZkug15Cz-HzTWpPjUNNS6xwfrJ2c4Kc0wpNmDZv3FKAZujasZRd9QkxYAVFIbCXcofO_RYna46SoUetUn7AkN5jkhLHFWNjfdeCvao0LY6j40EJ-gitWgJZ1IuyGTbzHv_zFz11ytGYHcif59JU5ieBfwLs6gCe0ieNBWdlounNCZhLVprtQ7jrw1YDxkZpalzhPiY-n3sdsVpiW6k1h_Af8",
            ),
            (
                "PS512",
                "AQszJ5ZXRRg27yDZaL2RTpsq43v18MKqkMShhrB6pKr_2wvIth_RKsufo5VPlqHscZDIz5gV-p33jI2G_QYmjdVtj_Xz2P1ILsBDw-qeXasqgEjvCHd8NYqwmP_jqun8rGvTJMIhxg8WtcNNVaOHppcfZHhcXixlKwApSzQtKYwJbKAvSBxSUjPBugAPz2g1IYp4crEN_UrSoCAmc_VIidoF0DKRl4ai-B9L44kZvvtSzLKKIhPzqX2CHC2Hl-OdvNGt7oMPz9hgjyEEAQTwSj9hbneM_ncjjGeGP_XnoXVX7W7IUpXzv5Jmz-DQszQZFa_ycU_Z24-7HFPFLR_IuO0",
            ),
        ],
    ),
    (
        2056,
        "sh-fzT0egfim4fEGJEuxH63EOqQ8cAn-OQlK9Ro1RhlCdKWC6uvTm_vOmKevQihPRJhJ2Or0qwydIabElbGIM7AusIDnmKM8umo5UXglkIXd9O28s-VkfOTe5BpBsBvqUxk3PIcdmbsGgonE0OSEkoUCyA07CdxVEGI1UjphI7V3bmYM06rW6zKpbL3XB5yvca1qICCuq8KGNUSlOte1YGyp54kLvBq63g-uUWWY37k4gIBt6GkTuo4sok543cK_jxVNefr02wyznk6FAAMcyfooVoRqsDblj9I4zqi5Lx1ibJ4avl8VIkcOEeRVXWxGDpuZW7JwZN2EwypFcaei5ck",
        "Aw",
        &[
            (
                "RS256",
                "rt6HwqBCJn87czfwrTojRDbGytE4lZoifWk3qyeR0WTQ150TSYTKqn8BzE-OS1KAeuOJsQPax_sP6hSca9eQwlS_tsMzNM3v_txklp1kFTO67hUEDzscDlCWbdjcXZlejvxslTvszPlyk_BE0K_8UWTUDdacMpat98V9E3RinC5WaQ5A2kEXqbzBEQ4au89lM8ktJ7EpCtRq7PwKzPzGz5BfosTSbSiBTasSmb0y1U4UuXC1z6yfCnc_GmPpyze3icESbUsTAMFkeOaNFX0CN9mpM7GRM_CHR2xvPwLDO87tXMbqTlH776X1qsnzmt-90XeWOXiPMqFTe1nlpW5nhg0",
            ),
            (
                "RS512",
                "KFye3sHrioV1ATncUXOdKQwSM4hXYXzDmVww_WA8IKdbv7RMz7wZEf0wrJpKB-p3k12c24Gcc8DLyLGSBZytN-jVh-ZxhaEVuWOmL2UVw8fd_7WMTvTkt4teNBCpBPhtmW_mzvm9s8celgJq_F4ciYZBInuOFCbLBamoGSkRPUh4vqYCeSn97o4csj_tJ7ufGzRhtE7Fp5g-696xswWRRyDJVQXf6WE5XlCyR3UQPu6HOrL7af6OJ3MP5pRjY7k6FYmjdfB8tXIdXHv6BdI2CfWHMCRdda0qHiZGzpNJQuT84NUyBDi5fQ0QqO5M6JmqxK2aCmGGEW9uC-VH0bgk1IY",
            ),
            (
                "PS256",
                "lWisOB1ON9T76sytMsx8gTpC5luRkd-JtS5HuBMWh3P99yDBWqtHe615WdHrVSwMMEzAVz5SAmU2_Va8ReGY0IMsshMmg8JdFbXVCHrI9oPpl9ea-oYIF2-DsHDUaG41DcJBGW-ge53Qoo-IBquIM4B6_YA_oK3l9BXqrqVaig7y5L-aeveyzC_11dTj_7ydqSkEXb0GCz1I7bi1pzG0cif7GSOECZAVeY6871eoUEZrXGKmVirOPYNlVlS-vHiUyUKHqS8xJr3axYaIHR7l3G-P5c5b3ioHUYKXIU3zqjVzkdXWt-xVvWCEtpdFSo_uSQVonUXbPK82mGMwcgy2VXQ",
            ),
            (
                "PS384",
                "XnK0b1ZvyBx7LAvTCf_WcUPkUoNtiZ-gEjrAz-YF3oNeUt-REqXFC-4x8Obq_by2ctApddC0eeOpKOrZRWLnKzNlouubSvq5uF1aACWDReZsXstu1SvowUK2hyWf-5rpCABgTM0rZJEOvlQmjEP9__icTQ1DeTn8V0vdHLmbLSbs-2hjK-iU86Zb-j5eMnoXbtoH6qlJCBUfat30bfFVzteiin1Re9vW52mMpjhSymU7WqmNd-Ou6LVq97Sj6rfj5Ik6597KS1YSCIKw9KAh4nJjAZq7YdzbvpvmN4fkUZjePM6lcy2uKs-D7-36ncG48oMMe4xd-ppUI5e_6i1qm-M",
            ),
            (
                "PS512",
                "rBv4xcLapSgeXZaRcTGWcXjVxobl26ZqDMAvo6cAloE1tmxapKEi5SWMVGR-MHcQ2KbYciKt6YApEY9X-8BpwvoJfEDO8GInPIUd8xncjfUow7uxf-YoBM0-38_7K5OeD38ND7V2G_to5hD7yUbLEqOhTCgH6EnDc6OL3dSR43LEDq2-QajDuSWhRWyGKZV4_hhTJVQ_zSsqa6JiPqVfsVigmlSBq7s1zD8thQp66_Cwx-eLY-btc7Zo6Q3_AN0YGpBS0tJxQNRX5h9G4xAltOYHsZG1WLptjRDPTyYQtPUK1MsqASA7fSkbPHE2RzepF6pS2mvF_yckLGgfSoweMU4",
            ),
        ],
    ),
    (
        2057,
        "AT9Dm5rcTyUT-5GExZD8JxuQwf-H-AYgcVXj3_F7XqcYCsnjS0OeIJuybyO93MULrG6glJAGfF1qrBF6TUMWoVI18TxgdUEJf_gyt-cKibc029piDBNBN9ROJldM3Z3zqWtjA1d47NQ4XDJNOOau52PlmW_AKg-z1_g2NWfC2AD0dHrl3V1g8dagJ5yt622ar3zOKT0YmrvTUuUm4tWk55L_7y9xV6fWdGJv4YzfGXCHHagwmXeCDpXPDH_C6sb4fbGUGzyi6L4C-AJa9zjV6Edzo-wPrEDP1zahKf8NgNgmk-tPFc6S39ijMV2n6rU9PLy0QCdgEkWUehxlW_IS2DG3",
        "AQAB",
        &[
            (
                "RS256",
                "AFUSJFFMmaf2gbfMQyETjwLtFlOVTtfZg8isW4woXTCSMYi9CtVketqctZ-YBwYfKVxxQj5UUonI6cLt3Kn3Zq0SKsDVEMC5HXzUoWdDQhN06piI384T-5s58cuGwdezyCSCTEoqKwmVmo3FATL-5h5GF7pm3JHYUTvGuBLZjCfKTSd0r0qq0PF0dgbGiwk0DqlFafW09OTCeZ6XSdcbSDHcvXXkUxCUX2N7hpiymA6eZJaftd_LKvBYnAKF2VBqm26Ans8PuPkxQUNtwJ0x3jVW6n03Ry41W53Y1BskH58vavKwO_NDueIN6Z1L-s9VQQIqvBqvWEaB0JpnyhZYfo2f",
            ),
            (
                "RS512",
                "ACYoN28erFDoEScR59ztcxYiI4PVaEGX2ToH6OPGHnMhNOlbzOI-sGb2R6x0Sw8nhlDd4AkqjJMKkjT_GCscA6qok7IC5oXJIOQNytW8mgRRlGqT5ujcj2zzLI1ZGiachVSelx7yLpHUEsVQkYs5OukqHfO2uaeFI0EZ1Uabt12TIRv-cJ1igyUn4pxPTbvwVd5TNN5SRxmJaObUXqwjoQ5tWnCw6prss3qtKuh9YOpfm40hU_stdzsgVtSUh2p-7z504oXmJdQj0lwheDrD0IxR4CgEaqR_sPZ-Oi7p2f6DNLZdVZmf8ZKVu5XO1zLEALnbxTgMtgP1Y8IePGOOkxo1",
            ),
            (
                "PS256",
                "AAsTgaPB1twrWKoyyos377XfyL2TLr4UJJnB2FZN82Zkl1jcqUdkeOhP6Qh-SJT-WaufD8bHGwNdHuckMNC3dK2pUsKTJPB_DTGk3y-suILsPOkJJ4u0a89lNTSU_6nSTscdP-7DIEgJhJrwcZVxgjXrGDffj22c4Q4vZ5KKvFc36Ev3zrAdc6_fSgXxP7pfuNDmEXW0XkHNl_Bc3SKfD4l5fG-UnxUmSRw__yzuoigZWMDsDxUnLOpS0_15hTfg2yKWx3QLqxIJFTh3re0GLw9y7TYiSi4CznZxsHaPcWc92l8BwYHd-tB18Z2q62NdIV7WrQYzQHbpQYupMW4dELnU",
            ),
            (
                "PS384",
                "APXfIvV_GD4WIlwAiixv1h3jrjMD4PIrZHOqc6iXSU9B8MS2rpNpRHuoaw5JHfbiHZDC9lRvovKQoR0XOMaIIFDrhfu1XI5eiw9nKXjUhCz8YeGNpM28in29RqSjjIVCeqb8N-tksv52NX9vp0Xu2M9kJpi-zXxKSFNVeuNwxY-lD8FsxVBU84M8jQLZZj1C5poJNjVWNBYkfuht2Sot9udj-oOEG1GeCvq1OqNybI9YmdNsAG1P_5b2BK5V7WNlMWy0h66O0S7Wq3sKuq_aSOKJ6jfn4C0R9PigYmZZCA6EZeccezjIPXmbG9BV-C9uG7IUWXZiqo7DWOortt2I8syg",
            ),
            (
                "PS512",
                "ARpou59Chyp0IZWCltWv2HJNZZBkAOEi9dCg2Oda3GimM0OKTaj4dAdaanbie9Egqvlehkc-GvJEWm-k68GQIFSIPrPz3uC2ffAAoIBzBNvkX5BQmUTTOMbmjXFskzeZa331fMXMxM48tTITU2FdSCU1hMCftxTd8_Cyo4m93teFMjylUdUphPtsnQY7Q84kUxK6Ahbj7WQvxSVi8SZ7fin3GIAf91z94PO-1koTGIdAw7Kj-tkYMrF4iajIm_-MgmnBjeQMrcPBSVqW6zhEE42EsNvsXVFh4idOl6MakcThVUTnk-thCF8vPqaUXDc4dVJ0hmG-rvYujE-QPisPgTNa",
            ),
        ],
    ),
    (
        3071,
        "bolrWP9w213fqrLBmRqY_Dev9M3WailT9AN2xHCu-Sw6TZ5L1aoYvA3zrS9YUN1x8NwwLKOsxigcFMANllWL2Sjpjhw70OK_PP-BqVgOugSwa0p6sG9Lxzze69m0Y9AjSZ4BYeITxlkcYXlOagxGXptF663QxhLNHhDD9vdnrcfv82EkKS62SYwu-1NOtUVlby84gBppP-Q-0_E8QU9Pi9b8kLxMO5h-fuM1g80_3gxJw7dYXjQZOKJNjeyuJ4wODKF3DBLJ1iE6Mp_nEjPR06v4-Y0zoiEXrTDbi7qXkmu9SayK7EYVos3VZ2_S155I0aw6MUfqqtw1HIHe4OgRwD87DVNvCSw4gMZRgNx-bdOVNTEpmlvUXcNeLiw3F53jl8ffVBYGuNzyRxauLBNslCq_rBcVcyK5oYfd-j_8iGxaUXjaiyd41TiFsM9CJY9MHIEk8_uIN-fP6_v4soNvHcCnRYBnsbPkrHHvZl4T9NdFs0qU2ushBo85HfVxiJ0R",
        "AQAB",
        &[
            (
                "RS256",
                "NaYd7HTtyOxou45Zr92sc_bZqXclzugyUr1ZDf1D3UpcWHdvobzXi4UB3OOhYSlJRZ3g-ZNB7AAtgsl1DkFMc1HJR8W0PcpwC-or6fwcwOPCS0elB9omXK55_ge4R8YfOTga4Tp49F5KyLJGq2f7lC_qLA1r7e8BjXXaekvkwmss_bliIkKP8CAbidHTucI50BhdW8ZnYGsP5BwkKmarRtxVaNn5vFNSxRCk_f6Xg6fBEMXKDNOcO2Ny_dzvyZqlIOEBaPFnEoDS1USGo8No57J5SwYo2GnOzJz-Ne-iga9J4DVfMGGDyBBVh0Kyv4M8EVcYReAdFdfMahuXVlepz9sezgRucKGsC0rKtMPcj2zjyS_VtbZmaOOamPse0MXSFN1ERv-cF2gaNVstzu_hF7mwriw_0bKMSLZjKS89Km8qFFoq5xdHMfc5fav84uxw6VSMPCSEHMuRj62vrXUFQBK1bl8XPj0Tn-6uPvlkqSi3q9f4LAZYnT8CzkGtxpis",
            ),
            (
                "RS512",
                "bRXr2GyQyHP_PenrA8GAx6lOTfzR4xaTzk1m38TlnR2BZnh4VlL0aCrVD8mhMEKjFwJL49_nWF71Ug9BaxCHbUSI-SRLGcbfq4gatDWsYwS4m9PRtzxsHS14HxvdvdTPdBD59tF0eGCf2_JlJRjnRB7gn29wz5ge-g2MHnJ2Tnu7C3IpfIJwq6ZhyRU4j-DYvYaDPXijby3F-PHkSaknBwWINYQi1mLYJe5xuJDI5rzbyorAtpmCljEykWR0VBbxFKmnkEEK-aErgvgBABCC99KMYPTsx_BscYUrMvsxwWg-xH9-Gs5IE5O6_eHcsZcYuaQEp7wH1cjWgMgoU3lMkwSD7ddNiNUuzZjXZt9M7vdHuFIEzLUc0FXQ5-8q-FnU4BDhIlUqqxM61Y6XfBk4mw1M_MKmg4YN7fmBtlFTyGMX5u_nGAjBwp5UzYInRN8MneSrOTwaAfmWnN2Hwbmk3st3fouqLPi1UpbQDUGag5piGlgPaE1lidSvTO4em-g3",
            ),
            (
                "PS256",
                "QxirfXWlDI2yHXHGB2U0jTXcbBSpL8UE7NULs0lG7JAswLSjmxgPEZag45U5du99fB0cwDIV2GNUH_bUf2RlTXTdutVbs0c64wZJU4CoHpP9bQjnnxAG0RLUr3AOUvNMkYrYiV9P7wtaJ2GRgGMvajoEWYZc60SQEPoEHuWo1fMJdU_dnSgcnmaynNQvrgAHSmyYtyueuepHfq2iOYeN6tmLYP7Ok7gHAfUg0ueRruc3qZY8AMV5CIcDRt7z2CicGh2NESpJBqrAHwuo4NQCqz8L8GvmV62jwiJzQIjjwhv_nGJgHsR4xG9syVPQ8hAety06BIZ9WLyLfCvtYyHR_3cCDKaToFGn4K19SSgXVkLSkTvqRiQrIXGPmA_23U1uOqV1yzUP6uWEw_tw9SpbnMPm94dn_OS3g46lp6GLk4WTr98t8pnGn7Qf0OXrMFSo8kANJrBq90fqBjH2AB3GKx3JqCo9pdWXj4Dw8krAPYkJD8EfzjAb8xEAlDCKBGOr",
            ),
            (
                "PS384",
                "YoasA-Cp_dvnGcQh982vEnmi8BDKRd-0EDnRqGPFSWFVozI-Q885CtWN03Mo2P0DMo_I0gf2AfIq00rRhA4WTaFWUOaON-f3V5-rrR12QikSxO65TQsqHY2YfuivMHElPbMwPHvsGimV4Byq0fnt9ehNsj1vt1AI0WYck_RJTkqW54Ar7V9aQXnjfn-Dj9LEssrYOm7g7tWo0oWslu_Tbu9aP97fSRFCOECQ-V77NsDp2Kogm1ioZF1e6hOKeD-h01PbTkCWvwNSd8U_NXvL3Xd6pHqhwH2xtoWumOzAVlKbpxgK7PPBuNMvLssnmzuOZWg-5wN60-s7L_niGVxRIwlLuacJucKkPehlwStkCTMq43GFiAFDUuswUUSPXXz9xRTIGjSMzb6JwoCJrGYtQqlcM8yQ6KXYT-pR-4xYr_dk7GQXb36llyZb5edk7ztenzAfeZRjgh7iFqMEjXPR6qVUSJi-BVGi9wvaRXL3fNlau-J-QiFBmMYXzdgEe4V5",
            ),
            (
                "PS512",
                "awWkp9DBsUue3P25dDiIMGWwQtKuoQJoM909TKWkxyRO7D44HLE8LFIyr7blBNAwDKE2Vru81XQZA577khV-Aqo33dlQdk1zjlMjXGaR3EmeZygIdXNcMYFCBC83J99RBl4B6hjjEOu7-C9Df7ChEk8wh4xHo5hXy6RWnjnBSXKSGZe6I53KhvN8790odO1bcEv4yLl5RFd6CVsdrq1V7JFIFOGSudKIdNYIqzHNiDT8kYHKmRkJ2n5-kyCk4Q0_aYE4_YLdd6aSgeOolzwRHXYy1yJ-PZWLtMGQATguData-YWymsIsBgW7ZZsc6jX8c_2OcnBPqnEXt5NE-mBrjl8HaDlDvaCIfzxtL90kusEyTcz4y98Qz-7ZoABiybcwVm0ERe5CbN1yFExq9YtYQaNC69t3dmA1jSNrXeeentx3cgeAKrwYR9q-Yb_RAinFwCQN8z49E10sLCDHzyG0ZaM-wqjWpgFo0zqPPDcl6GlXwEOIkf9UYxRDA-kdJ58x",
            ),
        ],
    ),
    (
        4097,
        "AYNnLDRs3wmckrK26VLSNJrRCOSZEHp11pPplMOVgsnCyyyx2yyPke6w2N6aym1AljdZ01mGOKz1UKgr0w4l6ODkFndyclzFNnCoHDQuU157ff4MwPxZaT-lEllS2X12_dd5W05sJriYCoJIZAga4GvNHhiJiTSXjyhoG1p4IaOFXNJMPigefFZ7z3SOZHxE7I-8u53YR99lEV7a8aQyBEr09gQGRgQymak-Ao12-Ea9kkLckp1-KnlPbhgrsWdV1BQcqIgQCAd1myUtUf9rVtQG_Y6JxI3YMxTvWLMRg_MXOzSmnxZH9-f59xkxREVoR5JKosnV3wM1wcTEcR4IPOuTkAzHlm5Vt6QZT2eCIKO7f4DmMe_56PenSwOX9WfvAx6uMq8HqbmBZxA_BTVqdZimx_KNvZA7tRe5Lzf9LyENEGO3O1TAy6ZfaHDydeHs2MGz53v1WthmGvzbREU5QzPVc7i1ORBBl6hUqouqjFtwmnxpnyC6tiB3MFjAbSWAJG9ozZu6cIZuFHq3b_JSg8_KuNXpWb3xb4fLeWo4CZnPno9P8VfVMn99Q-RosPaX3_gImm9nKcLYm8olUVaHqvguxWWV7VynM_UILlyFtEt-Q9OCrSRHl3y3ybHeRTRIAAUZOayRE-Yp6JFYeOItk42_jm-nCrSmY3g12VRTL6Un",
        "AQAB",
        &[
            (
                "RS256",
                "AV6QC9e9dozNjxYIsDbMgXEJFUamURiyXqFbA_q-eJzEMZPlbRu8Rv64Cl4cHE1ja4BRJOFq2EnUBFtWu-YDkdc8Bh3mFg_uDr_BdHeDKQlSaaBM5ybp1aaP-IUfLCJszSstjyJfrnfCoYG9XPMGyzwe7znh8rkh_Ar9H5vIxnpWD8zY89yI_8cMZx-Z0IT8a9-fmysaAg8UvYauEiQ0Im6_C9x52RaX1EOjOBZ9wQSuHxWRWW4v3t40JmpA2NARP5OAB-66hQ5q_BJkA3h7yCxCb_gTzcnjGcJV2CcoQ1tnpdP0eb8_qBHKbrYn5YhyB8DTlIb-JT9b_4w8jFhEyXBChKQzOrlhKux8T4TBRhWSihCbf1lOukdcoHfOiSCq-OBDEn4M_BiWRY_UyBGzvdre-E0vdkZ-A9J4EwnB3_XhLHrcLH9jLvuZwkGsfePfUsHncN4Nbfa1j3zFYxP35CGGjhDSJOOVaSxptf33jKQgNSANojqrI_F5lCTaczzY23KSw2SJHMWRssA95tVcMnFZSzs_jiErsLjqV-uo_2PUuSesx2BUsrNN1C7zRmUQooYNu2NiwVHcFqF_lx8PGe75TY8NP4KZBBa8JtTytTZQs3dH4EOqdyS25wd3nwd9c1R5U0A26hkgAjVXCzjJLfDdie6pUW_AQmXxaGDjC3kf",
            ),
            (
                "RS512",
                "ACK1Y_vIpHJ-GYdde7TigMAvdAKZeUmip8BtMu4HnDzDsctVlvFQM89NNE_Ss8INm8G6j02eg1hMbemEA4VckkdUV0h5fMCVje7jJcCcFbMy6SxIZirpOcpNJM4pMBjgdWR81miLQXMg4Bk6ApRCP7g9nXu-JZ7lXCIrxHxXo1HOfKqv05SWca3jf4-jTHoq_XmTCbUrJJv-dh_4kUWwJYcEcCHo4B6TvUWWsHVgTa19ZXyCfOT01wrVnNzbnlSevR5GobPmrpHFDw70lsAaFjnaw9Nrw4rpNUk9Ll2HLrVqDJeHWQw8Cy5CQuP2B5fXbWUXORKS7i3oMWS8h9mVm_aPjvzPGcV1nSff8J7nd_L6F3Iyl_YQZeM-JljK-yAxA6L_QYHF1SvVcQg3xqRO8Rs03GPZhI_zmNPzJtPyLckW4HBoBhGHXBEu8D8L1rrD314iPgl27doUIZcpmB0cd4EUPE1z5aCHG-Qv5cPs8-TlYFeLQhMm5Q9pbY6sJb0iGJDUnqNfvMKXNfpqAlQYgij8CYv4HZplgiP90n9mlX7u9KLgCUfIDdMdvPOfkdlfVa_9DG3nLbYBOvE2sGKUT6fkxJGT0tiYia2R4V7flhxWRSP1KcXbGIWw2SBoa0XPX7RjY9HDvGyerKYuUhFYEBDSCokchKj0sY-ZuBh9EG57",
            ),
            (
                "PS256",
                "ATWS-QEUGIHF6TR_Hr_O1jxJDzi4YZ_AkxtPv6Pwwxg2PZPR9dcss3eUcwLHr8WeXgOI3LkshsDmDNDxvkq1cdh0HbdP2rOYFmrEcQ68-uQbSFXzwLtEuP_E9IDjex01pYVxHEiB_ixr_YpFRkFu0cnUJ6MyHqD1BEtwJnQgAST2wDhHquFPfoVvK23LzMCbeC1RPm1Ag7wKxWcGG4r65l7QfZ7BNh8ykqSYkiiah44--WN-neBd6pkOP1BeVLFPFUFTJW_s72Auwy6YjVFfkBTaRjfAPJTI1U9zbsS36KPUDH9NzkY56WSi2fgCX9ErikCdQTDXor6yfWth8m3ww0qW7k6sATVchUR_9qhy0PXablB5XaoyzZzS_TZCXhYBdav_aeZHNxmy3Ot5nm8C_4FvJoCW4VqFExJS6IZScWzbmiD7XvQKxgZy8x0UjJHvMsuEyknCF6cbRKRHhoZcHeYQzFn-VJ0hV82KR7_nZmAWQdxOsX_Wt-0kzgsSRr1akzdDlHxzs8oWGnJ1yYMD6ABLDwFZF_fEPWJRbvD3HgaLPkLHdHeNm89kUd48rxF0U5HfmzjxL0TwZQuAZJ6uB_1H49nYBvXdt-MrZ7OWkSW1GrM7sJKAXq_V94lqQJdmX7fg6ncEAEJLoZCulHe0uDhDM0Z2ZXPhzz0IX7HNnkp2",
            ),
            (
                "PS384",
                "AHoH1EpxHbzzIHUUPs9kwe8B3pF3hkx6UY3rgCCgS12c1Loh_efNZQAatt4Sn26Vk0ClJfKiO51OrNgu0PYPHktoYC1figB_3aY9OkDvSimilRZ9AHvo3SdDgQLixRVN1XmWGeOE5T2qpIxy7KjOeS8m-Kp-hnps2X_sYHudDfREEOLMFfS0bPX9IucclBciGlUt2seAHs7YyNRZ8Ywof_tj4-axz-4d7jTYl13xOiZcCyfpckC5-rEp8Uoo-LswuJvs4VFZsBIg_sFSakBeFi6ZN0h6rMgUIoQIBZq852ROna1hkr-jk72-75Ptjqm9Itn6t-RZowEnhDbCFdtp8BQlWxmr_gP9TWFBLZsOMo1s0NV8qCfl_WkMnZHKDHPK9cmeCN612Ol8nrowcIl3jwp1IqlFOADWD5DBw03GfXDMZmJSEyzWIMFZvDfZ7vtlyEA0J4cyh3ldw4NCZIOVRwOs3rej4Cb8r-6-6io0vTkfxLLzU6hebnQS7Cp-CFLtpNmgolDjkgZ72r4gxiCYHx_tOOEgmtLgjEcHSM0b8Mw-Jo3mcqmLa0FuevyTsUL4NOnQ8HGVEdz7tj5mZrLOUsfqtRn3TXRjXsTGYbLaTJugop3hUiG-zDxEOA-YTIKhWIWgkPf-aV1e_BQaLGQWcqQQoc4VLj3HL1lCPN6jUQ4q",
            ),
            (
                "PS512",
                "AVBmdnSQI7GPQOUvLlbSAikz9CkDYEztACjuikxgbV_psgbGZNs-xAMqP6kr85xSioUBXv8ZPRLQVTAa-oyEpBTSl7QW5xW_mwpcLV14aPlLKnLPTB4cqCj1O8Mnt5hgbIQ0kaIKXd18XdfYicugsLBGYudb0QPGChIAAjTiFaiv7Y4hI3k2fauTc16PvHYKdwhdMmE1U5VFcJ2AHXz93wPH0-U5st4XQs5BbsQyqaGw9zJktnbHuQ65QISewxSONvUY0Zf8aso2vkAZk1X1IhJ3xgXvjdABZvWAw1ZqsA4XrTKR1xAN19Sdq6sJJSHVOsiOwMdZaFLryZu6h_bon7SMkeUWWG_r6-otjCXiG2v0zaCjrD04zDEVZ12jbGLQqjIZj20XcH1BZ8g-MFqRNYA07zrHId30qZcXu92f9j4krmLjcmDJpD_bj-aZpOwwJLbNNitpkr2KdqjEaw3g6ivzMLWfJsitxjcKuV8Kuv4YxJf6VnNd2tWcO8k49eRQpUDNsQM60bzkgTJVDU3NrHty9xhzjBBKnxwnyG3zv3v4WTgm71F29hIzSMUp7vMNBavPKLso9gFYSDMtKJKJmbGi70KCocf8zbziJ2OFwlz8STe3P6fYQ4NMN1Dy5Ydkykgz73Jqyet1TQg7gv-B080x75D3HuRcud9h0BOZJRv3",
            ),
        ],
    ),
];

fn decode(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).expect("fixture is base64url")
}

fn jwk(n: &str, e: &str) -> Result<Jwk, Error> {
    Jwk::from_json_value(&json!({ "kty": "RSA", "n": n, "e": e }), false)
}

fn algorithm(name: &str) -> Algorithm {
    match name {
        "RS256" => Algorithm::RS256,
        "RS512" => Algorithm::RS512,
        "PS256" => Algorithm::PS256,
        "PS384" => Algorithm::PS384,
        "PS512" => Algorithm::PS512,
        _ => panic!("unknown fixture algorithm {name}"),
    }
}

#[test]
fn signatures_verify_for_moduli_of_odd_lengths() {
    for &(bits, n, e, signatures) in KEYS {
        let key = jwk(n, e).expect("fixture key parses");
        assert_eq!(decode(n).len(), bits.div_ceil(8));
        for &(name, signature) in signatures {
            let signature = decode(signature);
            let alg = algorithm(name);
            assert_eq!(
                key.verify(alg, SIGNING_INPUT.as_bytes(), &signature),
                Ok(()),
                "{bits} bits, {name}"
            );
            assert!(key.verify(alg, b"other input", &signature).is_err());
            for position in [0, 1, signature.len() / 2, signature.len() - 1] {
                let mut changed = signature.clone();
                changed[position] ^= 0x01;
                assert_eq!(
                    key.verify(alg, SIGNING_INPUT.as_bytes(), &changed),
                    Err(Error::BadSignature),
                    "{bits} bits, {name}, octet {position}"
                );
            }
        }
    }
}

#[test]
fn a_signature_checks_only_under_its_own_algorithm() {
    for &(bits, n, e, signatures) in KEYS {
        let key = jwk(n, e).expect("fixture key parses");
        for &(name, signature) in signatures {
            let signature = decode(signature);
            for &(other, _) in signatures.iter().filter(|(other, _)| *other != name) {
                assert!(
                    key.verify(algorithm(other), SIGNING_INPUT.as_bytes(), &signature)
                        .is_err(),
                    "{bits} bits: {name} signature accepted as {other}"
                );
            }
        }
    }
}

#[test]
fn signature_representatives_out_of_range_or_of_the_wrong_length_fail() {
    for &(bits, n, e, signatures) in KEYS {
        let key = jwk(n, e).expect("fixture key parses");
        let modulus = decode(n);
        let signature = decode(signatures[0].1);
        let alg = algorithm(signatures[0].0);
        let input = SIGNING_INPUT.as_bytes();
        // s = n and s = 2^(8k) - 1 are not below n (RFC 8017 §5.2.2).
        assert_eq!(key.verify(alg, input, &modulus), Err(Error::BadSignature));
        let all_ones = vec![0xff; modulus.len()];
        assert_eq!(key.verify(alg, input, &all_ones), Err(Error::BadSignature));
        // s = n - 1, 0 and 1 are in range and simply do not verify.
        let mut below = modulus.clone();
        *below.last_mut().expect("non-empty") -= 1;
        let mut one = vec![0; modulus.len()];
        *one.last_mut().expect("non-empty") = 1;
        for s in [below, one, vec![0; modulus.len()]] {
            assert_eq!(key.verify(alg, input, &s), Err(Error::BadSignature));
        }
        // One octet more (a leading zero) or less is a wrong length.
        let mut longer = vec![0];
        longer.extend_from_slice(&signature);
        assert_eq!(
            key.verify(alg, input, &longer),
            Err(Error::BadSignature),
            "{bits}"
        );
        assert_eq!(
            key.verify(alg, input, &signature[1..]),
            Err(Error::BadSignature)
        );
    }
}

#[test]
fn key_checks_at_parse() {
    let (_, n, _, _) = KEYS[0];
    let mut even = decode(n);
    *even.last_mut().expect("non-empty") &= 0xfe;
    let even = URL_SAFE_NO_PAD.encode(&even);
    assert!(jwk(&even, "AQAB").is_err(), "even modulus");
    let above_2_32 = URL_SAFE_NO_PAD.encode([1, 0, 0, 0, 1]);
    assert!(jwk(n, &above_2_32).is_ok(), "e = 2^32 + 1");
    let two_pow_33 = URL_SAFE_NO_PAD.encode([2, 0, 0, 0, 1]);
    assert!(jwk(n, &two_pow_33).is_err(), "e above 2^33 - 1");
    let largest = URL_SAFE_NO_PAD.encode([1, 0xff, 0xff, 0xff, 0xff]);
    assert!(jwk(n, &largest).is_ok(), "e = 2^33 - 1");
    for e in [&[1u8][..], &[2], &[0x01, 0x00, 0x00], &[0]] {
        let e = URL_SAFE_NO_PAD.encode(e);
        assert!(jwk(n, &e).is_err(), "e = {e}");
    }
    assert!(jwk(n, "Aw").is_ok(), "e = 3");
}

#[test]
fn exported_jwk_has_the_canonical_n_and_e() {
    for &(_, n, e, _) in KEYS {
        let padded_n = URL_SAFE_NO_PAD.encode([&[0u8][..], &decode(n)].concat());
        let padded_e = URL_SAFE_NO_PAD.encode([&[0u8][..], &decode(e)].concat());
        let key = jwk(&padded_n, &padded_e).expect("a leading zero is tolerated");
        let exported = key.to_public_jwk().expect("RSA keys are exported");
        assert_eq!(exported, format!(r#"{{"kty":"RSA","n":"{n}","e":"{e}"}}"#));
        assert_eq!(jwk(n, e).expect("parses").fingerprint(), key.fingerprint());
    }
}
